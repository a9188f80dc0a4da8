"""The public website and its API: a thin FastAPI shell over `calanque.engine.Engine`."""
