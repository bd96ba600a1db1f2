"""The shipped TLS proxy configurations parse in the real servers (Debian's
nginx and caddy; neither is started): deploy/nginx/pilot-beacon-wss.conf
inside a minimal nginx.conf with a throw-away certificate, and
deploy/caddy/Caddyfile with `caddy validate`."""

import os
import shutil
import tempfile
import unittest

from deploy_support import REPO, run


class Proxy(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pb-proxy-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_nginx(self):
        cert, key = os.path.join(self.tmp, "cert.pem"), os.path.join(self.tmp, "key.pem")
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
             "/CN=beacon.example.org", "-keyout", key, "-out", cert])
        with open(os.path.join(REPO, "deploy/nginx/pilot-beacon-wss.conf")) as f:
            site = f.read()
        site = site.replace("/etc/letsencrypt/live/beacon.example.org/fullchain.pem", cert)
        site = site.replace("/etc/letsencrypt/live/beacon.example.org/privkey.pem", key)
        site_path = os.path.join(self.tmp, "site.conf")
        with open(site_path, "w") as f:
            f.write(site)
        main = os.path.join(self.tmp, "nginx.conf")
        with open(main, "w") as f:
            f.write(f"pid {self.tmp}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
                    f"http {{\n access_log off;\n client_body_temp_path {self.tmp};\n include {site_path};\n}}\n")
        result = run(["nginx", "-t", "-q", "-c", main, "-p", self.tmp + "/", "-e", "stderr"])
        self.assertNotIn("[warn]", result.stderr)

    def test_caddy(self):
        env = dict(os.environ, HOME=self.tmp, XDG_DATA_HOME=self.tmp, XDG_CONFIG_HOME=self.tmp)
        result = run(["caddy", "validate", "--adapter", "caddyfile", "--config",
                      os.path.join(REPO, "deploy/caddy/Caddyfile")], env=env)
        self.assertIn("Valid configuration", result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main()
