"""Lambda's operations, one module per area; ``LambdaProvider`` combines them."""
