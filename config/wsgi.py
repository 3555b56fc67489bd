import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Import every view now (the API builds its schemas on import), so that a new worker's
# first visitor does not wait for it: with a database that stopped answering, that wait
# came on top of the connect timeout.
import_module(settings.ROOT_URLCONF)
