"""Queries that every request of a page runs, compiled by the ORM once per process instead of once per request.

Building a queryset with subqueries and annotations and compiling it to SQL costs Python time on every request,
often more than the database spends answering it (the signed-in user with its roles, devices and badge; the staff
calls with their review versions). ``CompiledQuery`` builds the queryset once per database alias with a
placeholder value for each parameter, keeps the SQL, the place of each parameter, the columns of the model's
fields and annotations and the fields' converters, and then only runs the SQL: rows go through the same
converters (dates kept as text by SQLite, for one) and become model instances with ``Model.from_db`` (and their
``select_related`` objects with the ORM's own populators), as ``ModelIterable`` does. Querysets of model
instances only (not ``values()``); no ``prefetch_related``, which would need more queries.
"""

import threading
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from django.apps import apps
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


class _Compiled(NamedTuple):
    sql: str
    params: tuple
    positions: dict[str, int]  # parameter name -> its place among params
    field_names: list[str]  # attnames of the selected concrete fields, in model order
    field_columns: list[int]
    annotation_columns: dict[str, int]
    converters: dict[int, tuple[list, Any]]  # column -> (converters, expression)
    fetch_mode: Any
    related_populators: list  # select_related models, filled from the same row (as the ORM does)


class CompiledQuery:
    """``build(**placeholders)`` compiled once per database alias; ``run(**values)`` gives the model instances.

    ``parameters`` maps each parameter name to a placeholder value of its type that the query's other parameters
    never equal (the compile step checks that each placeholder occurs exactly once among the SQL's parameters).
    """

    def __init__(
        self, model: type[Model] | str, build: Callable[..., QuerySet], parameters: Mapping[str, Any] | None = None
    ) -> None:
        self._model = model  # or "app_label.ModelName", resolved at the first run (settings.AUTH_USER_MODEL)
        self._build = build
        self._parameters = dict(parameters or {})
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        queryset = self._build(**self._parameters)
        if queryset.model is not self.model:
            raise ValueError(f"the query gives {queryset.model.__name__} rows, not {self.model.__name__}")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if compiler.klass_info is None or compiler.klass_info["model"] is not self.model:
            raise ValueError("CompiledQuery takes querysets of model instances")
        positions = {}
        for name, placeholder in self._parameters.items():
            found = [
                index for index, value in enumerate(params) if type(value) is type(placeholder) and value == placeholder
            ]
            if len(found) != 1:
                raise ValueError(f"the parameter {name!r} must occur exactly once in the compiled query")
            positions[name] = found[0]
        field_columns = list(compiler.klass_info["select_fields"])
        return _Compiled(
            sql=sql,
            params=tuple(params),
            positions=positions,
            field_names=[compiler.select[column][0].target.attname for column in field_columns],
            field_columns=field_columns,
            annotation_columns=dict(compiler.annotation_col_map),
            converters=compiler.get_converters([column[0] for column in compiler.select]),
            fetch_mode=queryset._fetch_mode,
            related_populators=get_related_populators(
                compiler.klass_info, compiler.select, alias, queryset._fetch_mode
            ),
        )

    @property
    def model(self) -> type[Model]:
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    def _compiled_for(self, model: type[Model]) -> tuple[str, _Compiled]:
        alias = router.db_for_read(model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias) or self._compile(alias)
                self._compiled[alias] = compiled
        return alias, compiled

    def run(self, **values: Any) -> list[Model]:
        """The instances that the query answers for these parameter values."""
        if set(values) != set(self._parameters):
            raise TypeError(f"CompiledQuery.run takes exactly the parameters {sorted(self._parameters)}")
        model = self.model
        alias, compiled = self._compiled_for(model)
        params = list(compiled.params)
        for name, value in values.items():
            params[compiled.positions[name]] = value
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        instances = []
        for fetched in rows:
            row = list(fetched)
            for column, (converters, expression) in compiled.converters.items():
                for converter in converters:
                    row[column] = converter(row[column], expression, connection)
            instance = model.from_db(
                alias,
                compiled.field_names,
                [row[column] for column in compiled.field_columns],
                fetch_mode=compiled.fetch_mode,
            )
            for populator in compiled.related_populators:
                populator.populate(row, instance)
            for name, column in compiled.annotation_columns.items():
                setattr(instance, name, row[column])
            instances.append(instance)
        return instances
