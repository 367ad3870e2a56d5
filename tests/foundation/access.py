from ..access import EVERYONE, SIGNED_IN, Rule


def rules(ctx):
    admin_target = ctx.users["ngo_member"]
    return [
        Rule("root", EVERYONE, ok=(302,)),
        Rule("core.home", EVERYONE),
        Rule("core.privacy", EVERYONE),
        Rule("core.accessibility", EVERYONE),
        Rule("core.terms", EVERYONE),
        Rule("core.quick_exit", EVERYONE, ok=(303,), ends_session=True),
        Rule("health.healthz", EVERYONE),
        Rule("auth.login", EVERYONE),
        Rule("auth.login", EVERYONE, method="POST", note="open to all; rate-limited"),
        Rule("auth.logout", EVERYONE, method="POST"),
        Rule("auth.keep_alive", EVERYONE, method="POST", note="says whether signed in: 401 in JSON for a visitor"),
        Rule("auth.account", SIGNED_IN),
        Rule("auth.account", SIGNED_IN, method="POST"),
        Rule("auth.accept_invitation", set(), args={"token": "not-a-real-token"}, note="404 for a bad token"),
        Rule("auth.accept_invitation", EVERYONE, method="POST", args={"token": "not-a-real-token"},
             note="404 for everyone with a bad token"),
        Rule("admin.users", {"admin"}),
        Rule("admin.invite", {"admin"}),
        Rule("admin.invite", {"admin"}, method="POST"),
        Rule("admin.user", {"admin"}, args={"user_id": admin_target.id}),
        Rule("admin.user", {"admin"}, method="POST", args={"user_id": admin_target.id}),
        Rule("admin.user_active", {"admin"}, method="POST", args={"user_id": admin_target.id}),
        Rule("admin.reinvite", {"admin"}, method="POST", args={"user_id": admin_target.id}),
        Rule("admin.organisations", {"admin"}),
        Rule("admin.organisations", {"admin"}, method="POST"),
        Rule("admin.organisation", {"admin"}, args={"org_id": ctx.orgs["ngo_member"].id}),
        Rule("admin.organisation", {"admin"}, method="POST", args={"org_id": ctx.orgs["ngo_member"].id}),
        Rule("admin.audit_log", {"admin", "secretariat"}),
    ]
