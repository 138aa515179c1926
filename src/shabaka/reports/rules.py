"""Who may see which dashboard and report.

- The platform dashboard is public: it shows counts only, computed over the networks and events
  the viewer may see (an anonymous reader's figures cover the public records).
- A network's dashboard follows the network's visibility (a hidden network is a 404) and its
  action-plan figures follow the plans' visibility (plans.selectors.plans_visible_to).
- A project's dashboard follows the project's visibility; a dialogue's is public, with focal
  points' names only to those dialogues.view_focal_point_names allows.
- The donor report (page and PDF) is for project staff: they prepare it and send it to donors.
  Its lists hold only what the public may see, its figures are counts.
- List exports follow the list pages (the same selectors); the audit log's needs
  accounts.view_audit_log."""

import rules

from shabaka.accounts.rules import is_project_staff

rules.add_perm("reports.view_platform_dashboard", rules.always_allow)
rules.add_perm("reports.view_donor_report", is_project_staff)
