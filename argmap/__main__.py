"""`python -m argmap`: the same CLI as the `argmap` command."""

from .cli import main

main()
