"""The public JSON API of the programs app (Django REST framework, schema by drf-spectacular)."""
