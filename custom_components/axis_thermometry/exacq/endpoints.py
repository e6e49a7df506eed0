"""Every exacqVision Web Service path the client uses, in one table.

The specification this client is built from (002) lost most endpoint paths in its rendering.
Paths marked *seen* are the ones real clients use, *002* the ones the specification itself
shows; the others are our choice of the most plausible name, listed in the README. Correcting
one is a one-line change here.
"""

from enum import StrEnum
from typing import Final

# 002 "Get Video": "The video.web endpoint with session, camera, and container format in the
# path should be used over the endpoint with session and camera in the query parameters, which
# will be deprecated." The path's order is ours (002 lost it): session, camera, container.
VIDEO_PATH_FORM: Final = "/v1/video.web/{session}/{camera}/{container}"


class Endpoint(StrEnum):
    """A web-service path, and how it was chosen."""

    LOGIN = "/v1/login.web"  # seen: POST form u, p, s, responseVersion=2
    LOGOUT = "/v1/logout.web"  # 002: POST form s = the server id (answers 302 to login.web)
    CAMERAS = "/v1/config.web"  # seen: GET s, output=json -> {"Cameras": [...]}
    VIDEO = "/v1/video.web"  # seen (002: "Get Video (Legacy)"): GET s, camera, format
    SERVERS = "/v1/servers.web"  # chosen: GET output=json -> {"list": [...]}
    THUMBNAIL = "/v1/thumbnail.web"  # chosen: GET s, camera, size
    PTZ = "/v1/ptz.web"  # chosen: GET s, camera -> {"Presets"}; POST s, camera, preset
    SOFT_TRIGGERS = "/v1/softtriggers.web"  # chosen: GET s -> {"Triggers"}; POST s, tid, state
    STATUS = "/v1/status.web"  # chosen: GET s, camera..., trigger...
    EVENTS = "/v1/events.web"  # chosen: GET s, filter... -> {"events": [...]}
    # 002 "List Users": GET s -> {"users": [...]} (the path is Create User's, users.web); the
    # items' name and role keys are ours, after Create User's parameters (002's list is empty).
    USERS = "/v1/users.web"
    # Stored video (002 *Search*). 002 names search.web, timestamp.web, playspeed.web and
    # step.web and their parameters; the metadata search's and the single frame's paths are
    # ours. Speed and steps go in the path (002: "path Parameters"), after a slash.
    SEARCH = "/v1/search.web"  # 002: GET s, camera, start, end, start_paused, output=json
    # chosen: GET s, camera, start, end, responseVersion=2 -> {"sessionId", "cameras"}
    METADATA_SEARCH = "/v1/search.web/metadata"
    TIMESTAMP = "/v1/timestamp.web"  # 002: GET search_id, output=json -> {"time", "timeWithMs"}
    PLAYSPEED = "/v1/playspeed.web"  # 002: GET search_id -> {"speed"}; /v1/playspeed.web/{speed}
    STEP = "/v1/step.web"  # 002: /v1/step.web/{steps}?search_id -> {"frame"}
    # chosen (002 *Retrieve Single Recorded Frame*): GET s, camera, time, format, w, h
    RECORDED_FRAME = "/v1/frame.web"
