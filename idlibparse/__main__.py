from idlibparse.cli import main

main()
