"""Who may do what in the directory."""

import rules

from shabaka.accounts.rules import is_editor_of, is_project_staff, is_signed_in

rules.add_perm("directory.add_organisation", is_signed_in & is_project_staff)
rules.add_perm("directory.change_organisation", is_project_staff | is_editor_of)
rules.add_perm("directory.import_organisations", is_project_staff)
rules.add_perm("directory.view_people", is_signed_in)
rules.add_perm("directory.change_person", is_project_staff)
rules.add_perm("directory.add_person", is_signed_in & is_project_staff)
