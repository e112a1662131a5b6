from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionfundConfig(AppConfig):
    name = "apps.actionfund"
    label = "actionfund"
    verbose_name = _("Action fund")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.paging import bump_count_version

        from .models import Application, FundYear

        # The realised projects list caches its total (apps.paging): a saved application or a
        # (un)published fund year renews it.
        def renew(**kwargs):
            bump_count_version(Application)

        for signal in (post_save, post_delete):
            for model in (Application, FundYear):
                signal.connect(
                    renew,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"actionfund_count_{signal is post_save}_{model.__name__}",
                )
