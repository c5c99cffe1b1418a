// local placeholder (not committed): the skeleton lacks this directory
