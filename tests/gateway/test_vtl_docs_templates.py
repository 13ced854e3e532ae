"""Mapping templates rendered as API Gateway's developer guide documents them: each test names the
guide page (awsdocs/amazon-api-gateway-developer-guide, doc_source/<page>.md) or the AWS-validated
finding it follows, with the documented input and output."""

from __future__ import annotations

import json
from typing import Any

from emulator.gateway.rest.mapping import UTIL, InputVariable
from emulator.gateway.rest.vtl import Template

NO_PARAMS: dict[str, dict[str, str]] = {"path": {}, "querystring": {}, "header": {}}


def render(source: str, body: str = "", params: dict[str, dict[str, str]] | None = None, **variables: Any) -> str:
    scope = {"input": InputVariable(body, params or NO_PARAMS), "util": UTIL, **variables}
    return Template(source).render(scope)


def test_input_functions_of_the_things_example() -> None:
    """api-gateway-mapping-template-reference.md, "Example Request and Response Using $input"."""
    template = """{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $input.json('$.things')
}"""
    body = '{"things" : {"1" : {}, "2" : {}, "3" : {}}}'
    params = {"path": {"id": "abc"}, "querystring": {}, "header": {}}
    assert json.loads(render(template, body, params)) == {
        "id": "abc",
        "count": "3",
        "things": {"1": {}, "2": {}, "3": {}},
    }


def test_params_are_searched_in_path_then_query_string_then_headers() -> None:
    """api-gateway-mapping-template-reference.md: $input.params(x) searches path, query string, header."""
    params = {"path": {"name": "p"}, "querystring": {"name": "q", "only": "q"}, "header": {"only": "h", "H": "h"}}
    assert render("$input.params('name') $input.params('only') $input.params('H') [$input.params('none')]", "", params) == (
        "p q h []"
    )


def test_all_parameters_template_passes_every_parameter() -> None:
    """api-gateway-mapping-template-reference.md, "Parameter Mapping Template Example"."""
    template = """#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}"""
    params = {"path": {"id": "7"}, "querystring": {"q": 'say "hi"'}, "header": {"X-Token": "t"}}
    assert json.loads(render(template, "", params)) == {"params": params}


def test_parse_json_of_an_error_message() -> None:
    """api-gateway-mapping-template-reference.md, $util.parseJson()."""
    template = """#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}"""
    body = json.dumps({"errorMessage": json.dumps({"key1": "var1", "key2": {"arr": [1, 2, 3]}})})
    assert json.loads(render(template, body)) == {"errorMessageObjKey2ArrVal": 1}


def test_escape_javascript_escapes_single_quotes_and_replace_all_restores_them() -> None:
    """api-gateway-mapping-template-reference.md, $util.escapeJavaScript()."""
    body = json.dumps({"data": "it's \"here\""})
    assert render("$util.escapeJavaScript($input.path('$.data'))", body) == "it\\'s \\\"here\\\""
    restored = render("""{"data": "$util.escapeJavaScript($input.path('$.data')).replaceAll("\\\\'","'")"}""", body)
    assert json.loads(restored) == {"data": "it's \"here\""}


def test_stage_variables_in_all_three_spellings() -> None:
    """api-gateway-mapping-template-reference.md, $stageVariables."""
    stage = {"color": "red"}
    template = "$stageVariables.color $stageVariables['color'] ${stageVariables['color']} [$stageVariables.none]"
    assert render(template, stageVariables=stage) == "red red red []"


def test_petstore_template_maps_each_pet() -> None:
    """mappings.md, the PetStore mapping template."""
    template = """#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end
#end
]"""
    pets = [
        {"id": 1, "type": "dog", "price": 249.99},
        {"id": 2, "type": "cat", "price": 124.99},
        {"id": 3, "type": "fish", "price": 0.99},
    ]
    assert json.loads(render(template, json.dumps(pets))) == [
        {"description": "Item 1 is a dog.", "askingPrice": 249.99},
        {"description": "Item 2 is a cat.", "askingPrice": 124.99},
        {"description": "Item 3 is a fish.", "askingPrice": 0.99},
    ]


PHOTOS = {
    "photos": {
        "page": 1,
        "pages": "1234",
        "perpage": 100,
        "total": "123398",
        "photo": [
            {
                "id": "12345678901",
                "owner": "23456789@A12",
                "secret": "abc123d456",
                "server": "1234",
                "farm": 1,
                "title": "Sample photo 1",
                "ispublic": 1,
                "isfriend": 0,
                "isfamily": 0,
            },
            {
                "id": "23456789012",
                "owner": "34567890@B23",
                "secret": "bcd234e567",
                "server": "2345",
                "farm": 2,
                "title": "Sample photo 2",
                "ispublic": 1,
                "isfriend": 0,
                "isfamily": 0,
            },
        ],
    }
}
PHOTOS_OUTPUT_TEMPLATE = """#set($inputRoot = $input.path('$'))
{
  "photos": [
#foreach($elem in $inputRoot.photos.photo)
    {
      "id": "$elem.id",
      "owner": "$elem.owner",
      "title": "$elem.title",
      "ispublic": $elem.ispublic,
      "isfriend": $elem.isfriend,
      "isfamily": $elem.isfamily
    }#if($foreach.hasNext),#end
\t\t
#end
  ]
}"""
PHOTOS_TRANSFORMED = {
    "photos": [
        {
            "id": "12345678901",
            "owner": "23456789@A12",
            "title": "Sample photo 1",
            "ispublic": 1,
            "isfriend": 0,
            "isfamily": 0,
        },
        {
            "id": "23456789012",
            "owner": "34567890@B23",
            "title": "Sample photo 2",
            "ispublic": 1,
            "isfriend": 0,
            "isfamily": 0,
        },
    ]
}


def test_photos_input_template_rebuilds_the_original_data() -> None:
    """example-photos.md, "Input Mapping Template"."""
    template = """#set($inputRoot = $input.path('$'))
{
  "photos": {
    "page": $inputRoot.photos.page,
    "pages": "$inputRoot.photos.pages",
    "perpage": $inputRoot.photos.perpage,
    "total": "$inputRoot.photos.total",
    "photo": [
#foreach($elem in $inputRoot.photos.photo)
      {
        "id": "$elem.id",
        "owner": "$elem.owner",
        "secret": "$elem.secret",
        "server": "$elem.server",
        "farm": $elem.farm,
        "title": "$elem.title",
        "ispublic": $elem.ispublic,
        "isfriend": $elem.isfriend,
        "isfamily": $elem.isfamily
      }#if($foreach.hasNext),#end
\t\t\t
#end
    ]
  }
}"""
    assert json.loads(render(template, json.dumps(PHOTOS))) == PHOTOS


def test_photos_output_template_transforms_the_data() -> None:
    """example-photos.md, "Output Mapping Template" and "Transformed Data"."""
    assert json.loads(render(PHOTOS_OUTPUT_TEMPLATE, json.dumps(PHOTOS))) == PHOTOS_TRANSFORMED


def test_objects_print_as_java_maps_and_arrays_as_json() -> None:
    """LocalStack's AWS-validated finding (localstack#12379): a JSON object prints as a Java map,
    a JSON array as JSON (also inside a map); the template's own lists print as Java lists."""
    body = json.dumps({"o": {"k": "v", "none": None, "list": [{"foo": "bar"}]}, "l": [1, "a", None]})
    assert render("$input.path('$.o')", body) == '{k=v, none=null, list=[{"foo":"bar"}]}'
    assert render("$input.path('$.l')", body) == '[1,"a",null]'
    assert render("$input.path('$.o').toString()", body) == '{k=v, none=null, list=[{"foo":"bar"}]}'
    assert render("#set($l = [1, 'a'])$l $input.path('$.o').keySet()", body) == "[1, a] [k, none, list]"


def test_to_string_contains_picks_the_response_status() -> None:
    """apigateway-override-request-response-parameters.md: ``$inputRoot.toString().contains("error")``."""
    template = """#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("error"))
#set($context.responseOverride.status = 400)
#end"""
    body = '{"errors": [{"key": "GetPetRequest.petId", "message": "The value is out of range."}]}'
    context: dict[str, Any] = {"responseOverride": {"status": None, "header": {}}}
    assert json.loads(render(template, body, context=context)) == json.loads(body)
    assert context["responseOverride"]["status"] == 400


#: The Serverless Framework's default request template for ``integration: lambda`` (its #define
#: renders ``$loop`` with the ``$map`` of the moment).
SERVERLESS_TEMPLATE = """#set( $body = $input.json("$") )

  #define( $loop )
  {
    #foreach($key in $map.keySet())
    #set( $k = $util.escapeJavaScript($key) )
    #set( $v = $util.escapeJavaScript($map.get($key)).replaceAll("\\\\'", "'") )
    "$k":
    "$v"
    #if( $foreach.hasNext ) , #end
    #end
  }
  #end

  {
    "body": $body,
    "method": "$context.httpMethod",
    "stage": "$context.stage",

    #set( $map = $input.params().header )
    "headers": $loop,

    #set( $map = $input.params().querystring )
    "query": $loop,

    #set( $map = $input.params().path )
    "path": $loop
  }"""


def test_define_renders_its_block_where_it_is_referenced() -> None:
    params = {"path": {"id": "1"}, "querystring": {"q": "it's"}, "header": {"Accept": "*/*"}}
    rendered = render(SERVERLESS_TEMPLATE, '{"a": 1}', params, context={"httpMethod": "POST", "stage": "dev"})
    assert json.loads(rendered) == {
        "body": {"a": 1},
        "method": "POST",
        "stage": "dev",
        "headers": {"Accept": "*/*"},
        "query": {"q": "it's"},
        "path": {"id": "1"},
    }


def test_macro_renders_its_body_with_the_arguments() -> None:
    template = """#macro( loop $map )
{#foreach($key in $map.keySet())"$key": "$map.get($key)"#if($foreach.hasNext), #end#end}
#end
{"path": #loop($input.params().path), "query": #loop($input.params().querystring)}"""
    params = {"path": {"id": "1"}, "querystring": {"a": "x", "b": "y"}, "header": {}}
    assert json.loads(render(template, "", params)) == {"path": {"id": "1"}, "query": {"a": "x", "b": "y"}}


def test_split_drops_trailing_empty_strings_as_java_does() -> None:
    """A form body read with split, as templates commonly do: ``"b=".split("=")`` has one element."""
    template = """#foreach($pair in $input.path('$').split('&'))#set($kv = $pair.split('='))$kv.size():$kv[0]#if($foreach.hasNext) #end#end"""
    assert render(template, "a=1&b=") == "2:a 1:b"


def test_empty_body_reads_as_an_empty_object() -> None:
    """LocalStack's AWS-validated finding (localstack#12413): ``$input.body`` of an empty body is ``{}``."""
    assert render("$input.body|$util.urlEncode($input.body)|$input.json('$')") == "{}|%7B%7D|{}"


def test_escape_javascript_follows_commons_lang() -> None:
    """$util.escapeJavaScript is Apache Commons Lang's escapeJavaScript over Java's UTF-16 string:
    DEL stays, other non-ASCII characters are \\uXXXX escapes, one per UTF-16 unit."""
    body = json.dumps({"s": "a\x7fb é/😀\t"})
    assert render("$util.escapeJavaScript($input.path('$.s'))", body) == "a\x7fb \\u00E9\\/\\uD83D\\uDE00\\t"


def test_url_encode_is_form_encoding() -> None:
    """api-gateway-mapping-template-reference.md: "application/x-www-form-urlencoded" (Java's
    URLEncoder: letters, digits and .-*_ stay, a space is +, ~ is encoded)."""
    assert render("$util.urlEncode('a b~c*d.e-f_g/h&é')") == "a+b%7Ec*d.e-f_g%2Fh%26%C3%A9"
    assert render("$util.urlDecode('a+b%7Ec%26%C3%A9')") == "a b~c&é"


def test_break_leaves_the_loop_and_stop_ends_the_template() -> None:
    """The VTL reference the guide links (velocity.apache.org): #break leaves the innermost #foreach,
    #stop ends rendering, keeping what was rendered."""
    assert render("#foreach($i in [1..5])$i#if($i == 3)#break#end,#end done") == "1,2,3 done"
    assert render("a#foreach($i in [1..5])$i#if($i == 2)#stop#end#end done") == "a12"


def test_values_of_different_classes_compare_by_their_string_forms() -> None:
    """The Velocity user guide the AWS guide links: == compares numbers by value, and objects of
    different classes by their toString() values; so a string parameter equals a JSON number."""
    params = {"path": {}, "querystring": {"code": "200"}, "header": {}}
    body = '{"code": 200, "ok": true, "price": 1.0}'
    template = (
        "#if($input.params('code') == $input.path('$.code'))same#end "
        "#if($input.path('$.ok') == 'true')true#end "
        "#if($input.path('$.price') == 1)one#end "
        "#if($input.path('$.missing') == '')empty#{else}null#end"
    )
    assert render(template, body, params) == "same true one null"
