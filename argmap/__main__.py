"""`python -m argmap`: the same as the `argmap` command."""

from argmap.cli.app import main

main()
