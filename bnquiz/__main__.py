from bnquiz.cli import main

main()
