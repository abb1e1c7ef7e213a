"""The API's error answers: `{"error": {"code", "status", "message"}}` as JSON.

Errors raised outside the API's views (an unknown address under /api/, a rate
limit) get the same shape from app/core/errors.py.
"""

from __future__ import annotations

from flask import jsonify


class ApiError(Exception):
    """A client error with a stable machine-readable code and a message for people."""

    def __init__(self, status: int, code: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter


def bad_parameter(parameter: str, message: str) -> ApiError:
    return ApiError(400, "invalid_parameter", message, parameter)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def error_response(error: ApiError):
    body: dict = {"code": error.code, "status": error.status, "message": error.message}
    if error.parameter:
        body["parameter"] = error.parameter
    return jsonify({"error": body}), error.status
