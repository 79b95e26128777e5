"""``python -m api`` runs the ``mnpia`` command."""

from api.cli import main

main()
