"""The developer guide's Lambda non-proxy tutorials (awsdocs/amazon-api-gateway-developer-guide
doc_source/getting-started-lambda-non-proxy-integration.md and
integrating-api-with-aws-services-lambda.md), replayed through a real server with the templates they
give and the answers they show."""

from __future__ import annotations

from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

#: The tutorial's Calc function, in Python.
CALC = """
def number(value):
    number = float(value)
    return int(number) if number.is_integer() else number

def handler(event, context):
    if event.get("a") is None or event.get("b") is None or event.get("op") is None:
        raise Exception("400 Invalid Input")
    result = {"a": number(event["a"]), "b": number(event["b"]), "op": event["op"]}
    a, b, op = result["a"], result["b"], event["op"]
    if op in ("+", "add"):
        result["c"] = a + b
    elif op in ("-", "sub"):
        result["c"] = a - b
    elif op in ("*", "mul"):
        result["c"] = a * b
    elif op in ("/", "div"):
        result["c"] = a / b
    else:
        raise Exception("400 Invalid Operator")
    return result
"""
QUERY_TEMPLATE = """{
    "a":  "$input.params('operand1')",
    "b":  "$input.params('operand2')",
    "op": "$input.params('operator')"
}"""
PATH_TEMPLATE = """{
   "a": "$input.params('operand1')",
   "b": "$input.params('operand2')",
   "op": #if($input.params('operator')=='%2F')"/"#{else}"$input.params('operator')"#end

}"""
RESULT_TEMPLATE = """#set($inputRoot = $input.path('$'))
{
  "input" : {
    "a" : $inputRoot.a,
    "b" : $inputRoot.b,
    "op" : "$inputRoot.op"
  },
  "output" : {
    "c" : $inputRoot.c
  }
}"""


def test_calc_tutorial(server: EmulatorProcess) -> None:
    uri = lambda_uri(create_function(server, "Calc", CALC))
    builder = RestApiBuilder(server, name="LambdaCalc")
    passthrough = {"type": "AWS", "integrationHttpMethod": "POST", "uri": uri, "passthroughBehavior": "WHEN_NO_MATCH"}
    methods = [
        ("/calc", "GET", {**passthrough, "requestTemplates": {"application/json": QUERY_TEMPLATE}}, None),
        ("/calc", "POST", passthrough, None),
        (
            "/calc/{operand1}/{operand2}/{operator}",
            "GET",
            {**passthrough, "requestTemplates": {"application/json": PATH_TEMPLATE}},
            RESULT_TEMPLATE,
        ),
    ]
    for path, verb, integration, response_template in methods:
        resource_id = builder.method(path, verb, integration)
        where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": verb}
        builder.client.put_method_response(**where, statusCode="200")
        templates = {"application/json": response_template} if response_template else {}
        builder.client.put_integration_response(**where, statusCode="200", responseTemplates=templates)
    builder.deploy("test")

    # Integration 1: query string parameters mapped into the function's input.
    by_query = call(server, builder.api_id, "GET", "/test/calc?operand1=2&operand2=3&operator=%2B")
    assert (by_query.status_code, by_query.json()) == (200, {"a": 2, "b": 3, "op": "+", "c": 5})
    # Integration 2: the JSON body passed through.
    by_body = call(server, builder.api_id, "POST", "/test/calc", json={"a": 1, "b": 2, "op": "+"})
    assert (by_body.status_code, by_body.json()) == (200, {"a": 1, "b": 2, "op": "+", "c": 3})
    # Integration 3: path parameters in, the Result template out.
    by_path = call(server, builder.api_id, "GET", "/test/calc/1/2/+")
    assert (by_path.status_code, by_path.json()) == (200, {"input": {"a": 1, "b": 2, "op": "+"}, "output": {"c": 3}})
    divided = call(server, builder.api_id, "GET", "/test/calc/6/3/%2F")
    assert divided.json() == {"input": {"a": 6, "b": 3, "op": "/"}, "output": {"c": 2.0}}


#: The getting-started tutorial's GetStartedLambdaIntegration function, in Python.
GREETER = """
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
TIMES = ["morning", "afternoon", "evening", "night", "day"]

def handler(event, context):
    name = event.get("name", "you")
    city = event.get("city", "World")
    time = event.get("time") if event.get("time") in TIMES else "day"
    day = event.get("day") if event.get("day") in DAYS else None
    greeting = "Good " + time + ", " + name + " of " + city + ". "
    if day:
        greeting += "Happy " + day + "!"
    return {"greeting": greeting}
"""
GREETER_TEMPLATE = """#set($inputRoot = $input.path('$'))
{
  "city": "$input.params('city')",
  "time": "$input.params('time')",
  "day":  "$input.params('day')",
  "name": "$inputRoot.callerName"
}"""


def test_getting_started_tutorial(server: EmulatorProcess) -> None:
    """An ANY method on /{city}: the path, a query string, a header and the body mapped into the input."""
    uri = lambda_uri(create_function(server, "GetStartedLambdaIntegration", GREETER))
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/{city}",
        "ANY",
        {
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri,
            "passthroughBehavior": "WHEN_NO_TEMPLATES",
            "requestTemplates": {"application/json": GREETER_TEMPLATE},
        },
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "ANY"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(**where, statusCode="200")
    builder.deploy("test")
    answer = call(
        server,
        builder.api_id,
        "POST",
        "/test/Seattle?time=morning",
        headers={"day": "Wednesday", "Content-Type": "application/json"},
        json={"callerName": "John"},
    )
    assert (answer.status_code, answer.json()) == (200, {"greeting": "Good morning, John of Seattle. Happy Wednesday!"})
    # Another content type finds no template and, a template being defined, is refused.
    refused = call(server, builder.api_id, "POST", "/test/Seattle", content=b"x", headers={"Content-Type": "text/plain"})
    assert (refused.status_code, refused.json()) == (415, {"message": "Unsupported Media Type"})
