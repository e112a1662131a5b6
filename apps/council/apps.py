from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "apps.council"
    label = "council"
    verbose_name = _("Residents' council (Quartiersrat)")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.pages.models import SiteSettings

        from .models import AgendaItem, Meeting, Term
        from .views import ics_cache_renew

        # The iCalendar feed is cached (views.meeting_ics): renew it when what it shows changes.
        for model in (Meeting, AgendaItem, Term, SiteSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    ics_cache_renew, sender=model, dispatch_uid=f"council_ics_{signal is post_save}_{model.__name__}"
                )
