"""SAM / CloudFormation templates: load, resolve intrinsics, deploy through the AWS APIs."""
