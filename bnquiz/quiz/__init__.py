"""The quiz: questions as records, their kinds, the banks they are read from, and sessions.

records   the immutable records (Bank, Topic, Question, …) and lookup by id
kinds/    one unit per question kind, in one table (`kinds.KINDS`)
yamlfile  YAML read with line numbers; `Checker` collects problems as file:line
schema    topic files and registries → records, validated (a kind validates its own keys)
loader    which files make a bank; `load_bank`, through `cache`; `collect` for `validate`
checks    the `check` code that proves each answer key and cheat-sheet figure
plan      which questions a session asks; session: the engine a program drives
summary   scores by topic and the session's JSON record; screens: Rich views of it all
export    the whole bank as plain data
"""
