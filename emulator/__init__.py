"""AWS's serverless trio -- API Gateway, Lambda and DynamoDB -- offline in one Python process."""

__version__ = "0.1.0"
