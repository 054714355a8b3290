#!/usr/bin/env python3
"""DPoP proofs (RFC 9449) for wrk: one ES256 key, COUNT proofs of POST URL with fresh jti and iat = now,
written as one compact JWS per line to FILE.0 .. FILE.<FILES-1> (one file per wrk thread, so no two
threads send the same jti). Needs python3-cryptography (Debian package).

  dpop_proofs.py URL COUNT FILE [FILES]
"""
import base64, json, os, sys, time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    url, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    files = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    key = ec.generate_private_key(ec.SECP256R1())
    pub = key.public_key().public_numbers()
    jwk = {"kty": "EC", "crv": "P-256", "x": b64(pub.x.to_bytes(32, "big")), "y": b64(pub.y.to_bytes(32, "big"))}
    header = b64(json.dumps({"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk}, separators=(",", ":")).encode())
    iat = int(time.time())
    outs = [open(f"{path}.{i}", "w") for i in range(files)]
    for n in range(count):
        claims = {"jti": b64(os.urandom(16)), "htm": "POST", "htu": url, "iat": iat}
        signing_input = header + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
        r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        outs[n % files].write(signing_input + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big")) + "\n")
    for o in outs:
        o.close()


if __name__ == "__main__":
    main()
