"""The specifications' own examples, copied verbatim from the seeds (``../shared/seeds``).

Each example names its seed file and section. Requests and responses are kept as printed:
000's JSON with one member per line, 004's ``getSupportedVersions`` answer that is not valid
JSON (``apiVersions:`` unquoted), 002's samples with their rendering's bullets and emptied
lists. ``test_examples_are_verbatim`` checks every one against its seed, so a copying slip
fails the suite. 001 is another rendering of 000 with the same examples.
"""

from dataclasses import dataclass
from typing import Final, Literal

type Api = Literal["thermometry", "daynight", "cgi", "exacq"]


@dataclass(frozen=True)
class Example:
    """One documented request and what the document prints for its answer and its error."""

    seed: str
    section: str
    api: Api
    method: str
    request: str | None = None
    response: str | None = None
    error: str | None = None


JSON: Final[tuple[Example, ...]] = (
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / List supported API versions",
        api="thermometry",
        method="getSupportedVersions",
        request=r"""
{
"context": "my context",
"method": "getSupportedVersions"
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getSupportedVersions",
"data": {
"apiVersions": [
"1.0"
]
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getSupportedVersions",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / List thermometry configuration capabilities",
        api="thermometry",
        method="getConfigurationCapabilities",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getConfigurationCapabilities",
"params": {
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getConfigurationCapabilities",
"data": {
"currentTemperatureScale": "celsius",
"minTemperature": -40,
"maxTemperature": 350,
"maxNumberOfAreas": 10,
"maxNumberOfVertices": 10,
"maxDelayTime": 300,
"defaultDelayTime": 5,
"maxNameLength": 60
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getConfigurationCapabilities",
"error": {
"code": 3000,
"message": "The requested API version is not supported."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Set temperature scale",
        api="thermometry",
        method="setTemperatureScale",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "setTemperatureScale",
"params": {
"unit": "fahrenheit"
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "setTemperatureScale",
"data": {
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "setTemperatureScale",
"error": {
"code": 2104,
"message": "Invalid parameter value."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / List isotherm levels",
        api="thermometry",
        method="getIsothermLevels",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getIsothermLevels",
"params": {
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getIsothermLevels",
"data": {
"high": 100,
"middle": 50,
"low": 10,
"renderOverlay": true
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getIsothermLevels",
"error": {
"code": 2102,
"message": "Method not supported."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Set isotherm levels",
        api="thermometry",
        method="setIsothermLevels",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "setIsothermLevels",
"params": {
"high": 100,
"middle": 50,
"low": 10,
"renderOverlay": true
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "setIsothermLevels",
"data": {
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "setIsothermLevels",
"error": {
"code": 2104,
"message": "Invalid parameter: Levels not in correct order."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Add a temperature detection area",
        api="thermometry",
        method="addArea",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "addArea",
"params": {
"imagesource": 0,
"enabled": true,
"name": "Area 1",
"detectionType": "above",
"measurement": "average",
"threshold": 100,
"delay": 5,
"vertices": [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]],
"areaOverlay": "always",
"temperatureOverlay": true,
"presetNbr": 1
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "addArea",
"data": {
"id": 0
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "addArea",
"error": {
"code": 2103,
"message": "Required parameter missing."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Modify a temperature detection area",
        api="thermometry",
        method="updateArea",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "updateArea",
"params": {
"id": 0,
"imagesource": 0,
"enabled": true,
"name": "Area 1",
"detectionType": "below",
"measurement": "minimum",
"threshold": 100,
"delay": 5,
"vertices": [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]],
"areaOverlay": "if_triggered",
"temperatureOverlay": true,
"presetNbr": 2
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "updateArea",
"data": {
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "updateArea",
"error": {
"code": 1000,
"message": "Invalid parameter value."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Remove temperature detection areas",
        api="thermometry",
        method="removeAreas",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "removeAreas",
"params": {
"areas": [0, 1, 3]
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "removeAreas",
"data": {
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "removeAreas",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / List temperature detection areas",
        api="thermometry",
        method="listAreas",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "listAreas",
"params": {
"presetNbr": 0
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "listAreas",
"data": {
"areaList": [
{
"id": 0,
"imageSource": 0,
"enabled": true,
"name": "Area 1",
"detectionType": "below",
"measurement": "minimum",
"threshold": 100,
"delay": 5,
"position": [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]],
"areaOverlay": "if triggered",
"temperatureOverlay": true,
"presetNbr": 1
}
]
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "listAreas",
"error": {
"code": 2110,
"message": "User is not authorized to this request, permission denied."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Check area status",
        api="thermometry",
        method="getAreaStatus",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getAreaStatus",
"params": {
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getAreaStatus",
"data": {
"areaList": [
{
"id": 0,
"avg": 5,
"min": 0,
"max": 10,
"maxPos": [0.91, 0.12],
"minPos": [-0.63, -0.31],
"triggered": true
}
]
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getAreaStatus",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Add a spot temperature",
        api="thermometry",
        method="addSpotTemperature",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "addSpotTemperature",
"params": {
"spotCoordinates": [0.37, -0.95],
"coordinateSystem": "coord_neg1_1"
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "addSpotTemperature",
"data": {}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "addSpotTemperature",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Check spot temperature",
        api="thermometry",
        method="getSpotTemperature",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getSpotTemperature",
"params": {
"coordinateSystem": "coord_neg1_1"
}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getSpotTemperature",
"data": {
"spotTemperature": 7,
"spotCoordinates": [-0.53, 0.45],
"renderOverlay": true
}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "getSpotTemperature",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Remove a spot temperature",
        api="thermometry",
        method="removeSpotTemperature",
        request=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "removeSpotTemperature",
"params": {}
}
""",
        response=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "removeSpotTemperature",
"data": {}
}
""",
        error=r"""
{
"apiVersion": "1.0",
"context": "my context",
"method": "removeSpotTemperature",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Get TGT configuration",
        api="thermometry",
        method="getTgtConfiguration",
        request=r"""
{
"apiVersion": "1.1",
"context": "my context",
"method": "getTgtConfiguration",
"params": {}
}
""",
        response=r"""
{
"apiVersion": "1.1",
"context": "my context",
"method": "getTgtConfiguration",
"data": {
"pauseOnAlarm": true,
"autoResume": true
}
}
""",
        error=r"""
{
"apiVersion": "1.1",
"context": "my context",
"method": "getTgtConfiguration",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Set TGT configuration",
        api="thermometry",
        method="setTgtConfiguration",
        request=r"""
{
"apiVersion": "1.1",
"context": "my context",
"method": "setTgtConfiguration",
"params": {
"pauseOnAlarm": true,
"autoResume": true
}
}
""",
        response=r"""
{
"apiVersion": "1.1",
"context": "my context",
"method": "setTgtConfiguration",
"data": {}
}
""",
        error=r"""
{
"apiVersion": "1.1",
"context": "my context",
"method": "setTgtConfiguration",
"error": {
"code": 1100,
"message": "Internal error."
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Add a group",
        api="thermometry",
        method="addGroup",
        request=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "addGroup",
"params": {
"enabled": true,
"name": "Group 1",
"measurement": "average",
"threshold": 5,
"delay": 5,
"areaIds": [0, 1, 2],
"groupOverlay": true,
"presetNbr": 1
}
}
""",
        response=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "addGroup",
"data": {
"id": 1,
"enabled": true
}
}
""",
        error=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "addGroup",
"error": {
"code": 2103,
"message": "Missing parameter: 'param'"
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Modify a group",
        api="thermometry",
        method="updateGroup",
        request=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "updateGroup",
"params": {
"id": 2,
"enabled": true,
"name": "Group 1",
"measurement": "minimum",
"threshold": 10,
"delay": 5,
"areaIds": [3, 4],
"groupOverlay": true
}
}
""",
        response=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "updateGroup",
"data": {
"enabled": true
}
}
""",
        error=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "updateGroup",
"error": {
"code": 2104,
"message": "Invalid parameter for: 'param'"
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Remove a group",
        api="thermometry",
        method="removeGroup",
        request=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "removeGroup",
"params": {
"id": 1
}
}
""",
        response=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "removeGroup",
"data": {
}
}
""",
        error=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "removeGroup",
"error": {
"code": 1200,
"message": "Cannot remove group: Group does not exist"
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / List all groups",
        api="thermometry",
        method="listGroups",
        request=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "listGroups",
"params": {
"presetNbr": 0
}
}
""",
        response=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "listGroups",
"data": {
"grouplist": [
{
"id": 2,
"enabled": true,
"name": "Group 2",
"measurement": "minimum",
"threshold": 10,
"delay": 5,
"areaIds": [2, 3],
"groupOverlay": true,
"presetNbr": 0
}
]
}
}
""",
        error=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "listGroups",
"error": {
"code": 2110,
"message": "User is not authorized to this request, permission denied"
}
}
""",
    ),
    Example(
        seed="000_c3550502607b9f00.txt",
        section="Common examples / Retrieve the group status",
        api="thermometry",
        method="getGroupStatus",
        request=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "getGroupStatus",
"params": {
}
}
""",
        response=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "getGroupStatus",
"data": {
"grouplist": [
{
"id": 2,
"triggered": true,
"details": {
"name": "Group1",
"currentDeviation": 10.0,
"memberAreas": [
{"areaId": 1, "areaName": "Area1"},
{"areaId": 2, "areaName": "Area2"},
{"areaId": 3, "areaName": "Area3"}
],
"maxDeviationAreas": [
{"maxAreaId": 1, "maxAreaTemp": 25.3},
{"minAreaId": 3, "minAreaTemp": 15.3}
]
}
}
]
}
}
""",
        error=r"""
{
"apiVersion": "1.2",
"context": "my context",
"method": "getGroupStatus",
"error": {
"code": 1100,
"message": "Internal error"
}
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="API specifications / getCapabilities",
        api="daynight",
        method="getCapabilities",
        request=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "getCapabilities",
  "params": {
    "channel": 0
  }
}
""",
        response=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "getCapabilities",
  "data": [
    {
      "channel": 0,
      "AutotuneSupport": true,
      "NightDayShiftLevelSupport": true
    }
  ]
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="API specifications / getConfiguration",
        api="daynight",
        method="getConfiguration",
        request=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "getConfiguration",
  "params": {
    "channel": 0
  }
}
""",
        response=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "getConfiguration",
  "data": [
    {
      "channel": 0,
      "DayNightDwellTime": 3,
      "DayNightShiftLevel": 50,
      "NightDayDwellTime": 3,
      "NightDayShiftLevel": 50,
      "Autotune": true
    }
  ]
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="API specifications / setConfiguration",
        api="daynight",
        method="setConfiguration",
        request=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "setConfiguration",
  "params": {
    "channel": 0,
    "DayNightDwellTime": 3,
    "DayNightShiftLevel": 50,
    "NightDayDwellTime": 3,
    "NightDayShiftLevel": 50,
    "Autotune": true
  }
}
""",
        response=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "setConfiguration",
  "data": [
    {
      "channel": 0,
      "DayNightDwellTime": 3,
      "DayNightShiftLevel": 50,
      "NightDayDwellTime": 3,
      "NightDayShiftLevel": 50,
      "Autotune": true
    }
  ]
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="API specifications / getSupportedVersions",
        api="daynight",
        method="getSupportedVersions",
        request=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "getSupportedVersions"
}
""",
        response=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "getSupportedVersions",
  "data": {
    apiVersions: [
      "1.0",
      "2.0"
    ]
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 200 API version not supported",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2100,
    "message": "API version not supported."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 400 Bad request",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2101,
    "message": "Invalid JSON."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 200 Method not supported",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2102,
    "message": "Method not supported."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 500 Missing parameter",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2103,
    "message": "Required parameter missing."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 500 Invalid parameter",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2104,
    "message": "Invalid parameter value specified."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 403 Authorization failed",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2105,
    "message": "Authorization failed."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 401 Authentication failed",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2106,
    "message": "Authentication failed."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 405 Method not allowed",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 2107,
    "message": "Transport level error."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 500 Internal error, NightDayShiftLevel Autotune not supported",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 1100,
    "message": "Internal error, NightDayShiftLevel Autotune not supported."
  }
}
""",
    ),
    Example(
        seed="004_1eed80faba919bee.txt",
        section="Error responses / 500 Internal error, autotune set to true",
        api="daynight",
        method="error",
        error=r"""
{
  "apiVersion": "1.0",
  "context": "my context",
  "method": "method",
  "error": {
    "code": 1100,
    "message": "Internal error, autotune set to true."
  }
}
""",
    ),
)

CGI: Final[tuple[Example, ...]] = (
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.1.1 Get camera parameter values",
        api="cgi",
        method="getparam",
        request=r"""http://myserver/axis-cgi/admin/getparam.cgi?Network.IPAddress""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.1.2 Camera parameter values response",
        api="cgi",
        method="position",
        response=r"""pan=-50\r\n
tilt=0\r\n
zoom=500\r\n""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.1.3 Set camera parameter values",
        api="cgi",
        method="setparam",
        request=r"""http://myserver/axis-cgi/admin/setparam.cgi?Image.Resolution=320x240""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.1.6 Restart server",
        api="cgi",
        method="restart",
        request=r"""http://<servername>/axis-cgi/admin/restart.cgi""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.2.2 JPEG image (snapshot) CGI request",
        api="cgi",
        method="snapshot",
        request=r"""http://myserver/axis-cgi/jpg/image.cgi?resolution=320x240&camera=1
&compression=25""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.2.6 MJPG video CGI request",
        api="cgi",
        method="mjpeg",
        request=r"""http://myserver/axis-cgi/mjpg/video.cgi?resolution=320x240&camera=1
&compression=25""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="3.1.3 General CGI URL syntax and parameters",
        api="cgi",
        method="home",
        request=r"""http://myserver/axis-cgi/com/ptz.cgi?camera=1&move=home""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.8.1.1 Input: Monitor data on input port 1",
        api="cgi",
        method="monitor",
        response=r"""--ioboundary\r\n
Content-Type: text/plain\r\n
\r\n
I00:/\r\n
\r\n
\r\n
--ioboundary\r\n
Content-Type: text/plain\r\n
\r\n
I00:H\r\n
\r\n
--ioboundary\r\n
Content-Type: text/plain\r\n
\r\n
I00:\r\n""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.8.1.2 Output: Set output 1 on",
        api="cgi",
        method="output",
        request=r"""http://myserver/axis-cgi/io/output.cgi?action=1:/""",
    ),
    Example(
        seed="003_a2038753a081edfa.txt",
        section="5.8.2.1 Input: Set virtual input 1 on",
        api="cgi",
        method="virtualinput",
        request=r"""http://myserver/axis-cgi/io/virtualinput.cgi?action=1:/""",
    ),
)

# 002 lost most paths and every list item's shape in its rendering; its samples are kept as
# printed (bullets and all). Form fields are listed as the document lists them.
EXACQ: Final[tuple[Example, ...]] = (
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Login",
        api="exacq",
        method="login",
        request="s u p responseVersion",
        response=r"""{
  • "success": true,
  • "sessionID": "0dff389d-9e47-466b-88da-c9fb175015b1",
  • "canAutoLogin": false,
  • "daysRecordedVideo": 0,
  • "managedFeatures": [ ],
  • "address": "127.0.0.1",
  • "user_permissions":
    {
    },
  • "serial": "18-62-66-32-4E-AF",
  • "login": false,
  • "group":
    {
    },
  • "name": "Server 1",
  • "licenseInfo":
    {
    },
  • "restricted": false,
  • "admin_access_permissions":
    {
    },
  • "id": "0",
  • "port": 22609,
  • "version": "",
  • "model": "unknown"
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Users / List Users",
        api="exacq",
        method="users",
        response=r"""{
  • "success": true,
  • "users":
    [
    ]
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Logout",
        api="exacq",
        method="logout",
        request="s",
        response="login.web",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Cameras / List Cameras",
        api="exacq",
        method="cameras",
        response=r"""{
  • "timezone": -4,
  • "name": "Server 1 Name",
  • "restricted": false,
  • "Cameras":
    [
    ]
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="PTZ / List Mechanical PTZ Presets",
        api="exacq",
        method="presets",
        response=r"""{
  • "Presets":
    [
    ]
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Soft Triggers / List Soft Triggers",
        api="exacq",
        method="soft_triggers",
        response=r"""{
  • "Triggers":
    [
    ]
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Soft Triggers / Set Soft Trigger State",
        api="exacq",
        method="set_soft_trigger",
        request="s tid state",
        error="Invalid Request",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Search / Create a Metadata Search",
        api="exacq",
        method="metadata_search",
        request="s camera audio start end responseVersion",
        response=r"""{
  • "sessionId": "0x27553f45",
  • "success": true,
  • "cameras":
    {
    },
  • "audio": { }
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Search / Create a Search",
        api="exacq",
        method="search",
        request="s camera audio serial start end start_paused output",
        response=r"""{
  • "search_id": "0x257a8942",
  • "frames": 7866,
  • "start_time": "2018-06-20T13:56:21Z",
  • "end_time": "2018-06-20T14:01:21Z",
  • "frameCounts":
    {
    },
  • "audioInfo":
    [
    ]
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Search / Get the Reference Time",
        api="exacq",
        method="timestamp",
        request="search_id output use_ms",
        response=r"""{
  • "time": "2018-06-20T14:01:21Z",
  • "timeWithMs": "2018-06-20T14:01:21.002Z"
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Search / Get Playspeed",
        api="exacq",
        method="playspeed",
        request="search_id output",
        response=r"""{
  • "speed": "100"
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Search / Step Frames",
        api="exacq",
        method="step",
        request="search_id output",
        response=r"""{
  • "frame": "217"
}""",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Search / Retrieve Single Recorded Frame",
        api="exacq",
        method="recorded_frame",
        request="s camera time format w h q download",
    ),
    Example(
        seed="002_d906c8750a4d92a8.txt",
        section="Servers / List Servers",
        api="exacq",
        method="servers",
        response=r"""{
  • "list":
    [
    ],
  • "CSRF": true
}""",
    ),
)
