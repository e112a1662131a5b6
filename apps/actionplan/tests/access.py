from tests.access import PUBLIC, Case

from .factories import AdoptedConceptFactory, FieldOfActionFactory, GoalFactory


def _superseded():
    old = AdoptedConceptFactory(year_from=2014, year_to=2016, adopted_on="2014-03-01")
    AdoptedConceptFactory(year_from=2020, year_to=2022, adopted_on="2020-03-01")
    return {"pk": old.pk}


def _field():
    goal = GoalFactory(field_of_action=FieldOfActionFactory())
    return {"slug": goal.field_of_action.slug}


CASES = [
    Case("actionplan:index", PUBLIC),
    Case("actionplan:archive", PUBLIC),
    Case("actionplan:concept_detail", PUBLIC, kwargs=_superseded),
    Case("actionplan:field_detail", PUBLIC, kwargs=_field),
]
