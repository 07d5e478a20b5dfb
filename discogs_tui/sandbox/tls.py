"""HTTPS for ``sandbox serve --tls``: a local certificate authority and a server certificate
for ``127.0.0.1``, ``::1`` and ``localhost``, made with ``cryptography`` on first use and kept.

Clients trust the authority's certificate (``ca.pem``), the way mkcert and trustme do it: a
self-signed server certificate alone is refused by strict verifiers (Python 3.13's
``VERIFY_X509_STRICT``) that want a CA with key usage and key identifiers.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

HOSTS = ("localhost",)
ADDRESSES = ("127.0.0.1", "::1")
VALID_DAYS = 825  # the longest server certificate Apple's clients accept
RENEW_BEFORE = datetime.timedelta(days=30)


@dataclass(frozen=True)
class TlsFiles:
    """Where one server's certificate chain and key are, and what clients should trust."""

    cert: Path  # the server certificate (then the authority's, when it is ours)
    key: Path
    trust: Path  # what clients add to their trusted certificates

    def instructions(self) -> list[str]:
        """How to make common clients trust the sandbox, one line each."""
        return [
            f"Certificate to trust: {self.trust}",
            f"  Node:           NODE_EXTRA_CA_CERTS={self.trust}",
            f"  Python requests: REQUESTS_CA_BUNDLE={self.trust}",
            f"  OpenSSL, httpx, curl: SSL_CERT_FILE={self.trust}  (curl: --cacert {self.trust})",
        ]


def sandbox_tls_files(directory: Path) -> TlsFiles:
    """The sandbox's certificate in ``directory``, made (or renewed) when missing or expiring."""
    files = TlsFiles(directory / "cert.pem", directory / "key.pem", directory / "ca.pem")
    if not _still_good(files):
        _make(files)
    return files


def own_tls_files(cert: Path, key: Path) -> TlsFiles:
    """Certificate and key given by the user (``--tls-cert/--tls-key``), checked readable."""
    for path in (cert, key):
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
    return TlsFiles(cert, key, cert)


def _still_good(files: TlsFiles) -> bool:
    from cryptography import x509

    if not (files.cert.is_file() and files.key.is_file() and files.trust.is_file()):
        return False
    try:
        server = x509.load_pem_x509_certificate(files.cert.read_bytes())
    except ValueError:
        return False
    now = datetime.datetime.now(datetime.UTC)
    return server.not_valid_after_utc - now > RENEW_BEFORE


def _make(files: TlsFiles) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "discogs-tui sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, "discogs-tui sandbox local CA"),
        ]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(host) for host in HOSTS]
    names += [x509.IPAddress(ipaddress.ip_address(address)) for address in ADDRESSES]
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    # The authority's key is not kept: it signs this one certificate and nothing else, ever.
    key_pem = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    files.cert.parent.mkdir(parents=True, exist_ok=True)
    _write(files.key, key_pem, mode=0o600)
    _write(files.trust, ca.public_bytes(pem))
    _write(files.cert, server.public_bytes(pem) + ca.public_bytes(pem))


def _key_usage(*, cert_sign: bool):
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,  # EC keys sign (ECDHE); they encipher nothing
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Atomically, with ``mode`` from the start (the key is never readable by others)."""
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(temp, mode)
    os.replace(temp, path)
