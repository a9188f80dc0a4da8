"""Everything the console does, over one engine: the web console and the CLI build one of these."""

from __future__ import annotations

from functools import cached_property

from calanque.console.accounts import Accounts
from calanque.console.documents import Library
from calanque.console.feedback import FeedbackDesk
from calanque.console.gaps import Gaps
from calanque.console.impact import ImpactReport
from calanque.console.prospects import Prospects
from calanque.console.websources import WebSources
from calanque.engine import Engine


class ConsoleService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.database = engine.database

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self.database)

    @cached_property
    def library(self) -> Library:
        return Library(self.engine)

    @cached_property
    def websources(self) -> WebSources:
        return WebSources(self.engine)

    @cached_property
    def feedback(self) -> FeedbackDesk:
        return FeedbackDesk(self.engine)

    @cached_property
    def gaps(self) -> Gaps:
        return Gaps(self.engine)

    @cached_property
    def impact(self) -> ImpactReport:
        return ImpactReport(self.engine)

    @cached_property
    def prospects(self) -> Prospects:
        return Prospects(self.database)
