"""python -m aigov"""
from aigov.cli import main

main()
