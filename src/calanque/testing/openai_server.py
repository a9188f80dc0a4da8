"""A scripted OpenAI-compatible HTTP server: real sockets, real SSE, canned completions.

It lets tests (ours and users') exercise the `openai` backend end to end — streaming, malformed
output, slowness — without a model. `enqueue()` the replies; `requests` records what was asked.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np


@dataclass
class Reply:
    """One scripted completion: text pieces streamed in order, or a failure mode."""

    chunks: list[str] = field(default_factory=list)
    delay: float = 0.0  # seconds before the first byte
    chunk_delay: float = 0.0
    status: int = 200
    malformed: bool = False  # send an SSE event that is not JSON


class ScriptedOpenAIServer:
    """`with ScriptedOpenAIServer() as server:` then point a client at `server.base_url`."""

    def __init__(self, embedding_dim: int = 16) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.embedding_dim = embedding_dim
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def enqueue(self, *replies: Reply | str) -> None:
        for reply in replies:
            self.replies.append(Reply(chunks=[reply]) if isinstance(reply, str) else reply)

    def __enter__(self) -> ScriptedOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def embed(self, text: str) -> list[float]:
        """Deterministic bag-of-words vectors: texts sharing words are close."""
        vector = np.zeros(self.embedding_dim, dtype=np.float32)
        for word in text.lower().split():
            digest = hashlib.sha256(word.strip(".,;:!?").encode()).digest()
            vector[digest[0] % self.embedding_dim] += 1.0
        norm = float(np.linalg.norm(vector)) or 1.0
        return [float(x) / norm for x in vector]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._json(
                        200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]}
                    )
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "body": payload})
                if self.path.endswith("/embeddings"):
                    inputs = payload.get("input")
                    texts = [inputs] if isinstance(inputs, str) else list(inputs or [])
                    data = [
                        {"object": "embedding", "index": i, "embedding": server.embed(t)}
                        for i, t in enumerate(texts)
                    ]
                    self._json(
                        200,
                        {
                            "object": "list",
                            "data": data,
                            "model": payload.get("model"),
                            "usage": {"prompt_tokens": 0, "total_tokens": 0},
                        },
                    )
                    return
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found"}})
                    return
                reply = server.replies.popleft() if server.replies else Reply(chunks=["OK"])
                time.sleep(reply.delay)
                if reply.status != 200:
                    self._json(
                        reply.status,
                        {"error": {"message": "scripted failure", "type": "server_error"}},
                    )
                    return
                if payload.get("stream"):
                    self._stream(reply)
                else:
                    self._json(200, _completion("".join(reply.chunks)))

            def _stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for piece in reply.chunks:
                        self.wfile.write(f"data: {json.dumps(_chunk(piece))}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(reply.chunk_delay)
                    if reply.malformed:
                        self.wfile.write(b"data: {not json at all\n\n")
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): that is the point of slow replies
                self.close_connection = True

        return Handler


def _chunk(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }
