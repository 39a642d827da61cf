"""The command line: scripting commands and the terminal front end."""
