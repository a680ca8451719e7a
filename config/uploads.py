"""A multipart body is held to UPLOAD_MAX_BODY_SIZE, just above the CSV import's own limit.

Django counts only the text fields of a multipart body against DATA_UPLOAD_MAX_MEMORY_SIZE;
a file part of any size would be streamed to a temporary file first. This handler refuses
the whole body (400, like any other body over the limit) before a byte of it is read.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class RefuseLargeBodies(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.UPLOAD_MAX_BODY_SIZE
        if limit is not None and content_length > limit:
            raise RequestDataTooBig("Request body exceeded settings.UPLOAD_MAX_BODY_SIZE.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # pass the data on to the next handler

    def file_complete(self, file_size):
        return None
