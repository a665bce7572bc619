"""The trace bench starts gunicorn as deploy/ runs it, with a listening socket per worker, so
that wrk's connections are spread across the workers rather than all accepted by one."""

from gunicorn.config import Config

from bench import trace_server


def test_gunicorn_is_started_with_the_deploy_config_and_a_socket_per_worker(monkeypatch):
    monkeypatch.setattr(trace_server, "MAX_REQUESTS", "0")
    command = trace_server.command()
    assert command[0].endswith("gunicorn") and command[-1] == "wsgi:app"
    config = Config()
    parsed = config.parser().parse_args(command[1:])
    assert parsed.config == "deploy/gunicorn.conf.py"
    for name, value in vars(parsed).items():
        if value is not None and name in config.settings:
            config.set(name, value)
    assert config.reuse_port is True and config.max_requests == 0
    assert "reuse_port" in trace_server.describe(None)
