"""Who may do what with projects. Project pages are written by project staff."""

import rules

from shabaka.accounts.rules import is_project_staff

rules.add_perm("projects.add_project", is_project_staff)
rules.add_perm("projects.change_project", is_project_staff)
rules.add_perm("projects.move_project", is_project_staff)
rules.add_perm("projects.import_iati", is_project_staff)
