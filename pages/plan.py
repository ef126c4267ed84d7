"""规划 / Plan: the ladder, the minimal-change plan, the multi-year projection and scenarios."""

from zjtx.ui import boot, plan_view, state

boot.ensure_entrypoint()
plan_view.render(state.lang())
