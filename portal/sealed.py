"""Passphrase encryption of a backup archive, in chunks so a large archive never sits whole in memory.

Built from the `cryptography` package's recipes only: the key comes from the passphrase through scrypt
(a fresh random salt per file), each 1 MiB chunk is a Fernet token (AES-128-CBC + HMAC-SHA256, with its
own IV). Every chunk's plaintext starts with its index and a "last chunk" flag, so chunks cannot be
reordered, dropped or cut off at the end without the file being refused.

File layout: MAGIC, 16-byte salt, 1 byte log2(n) of scrypt, then (4-byte big-endian length, token)*.
"""
from __future__ import annotations

import base64
import os
import struct
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"CONCERTO-BACKUP-SEALED-1\n"
CHUNK = 1024 * 1024
SCRYPT_LOG_N = 15  # n = 32768, r = 8: about 32 MB of memory and a tenth of a second per derivation
_HEAD = struct.Struct(">QB")  # chunk index, last chunk flag


class SealError(ValueError):
    """Wrong passphrase, or a damaged or truncated file."""


def is_sealed(path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _fernet(passphrase: str, salt: bytes, log_n: int) -> Fernet:
    if not passphrase:
        raise SealError("the passphrase is empty")
    if not 10 <= log_n <= 20:
        raise SealError("unsupported key derivation parameters")
    key = Scrypt(salt=salt, length=32, n=2 ** log_n, r=8, p=1).derive(passphrase.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def seal(src: BinaryIO, dst: BinaryIO, passphrase: str) -> None:
    salt = os.urandom(16)
    fernet = _fernet(passphrase, salt, SCRYPT_LOG_N)
    dst.write(MAGIC + salt + bytes([SCRYPT_LOG_N]))
    index = 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        token = fernet.encrypt(_HEAD.pack(index, 0 if following else 1) + chunk)
        dst.write(struct.pack(">I", len(token)) + token)
        if not following:
            return
        chunk, index = following, index + 1


def unseal(src: BinaryIO, dst: BinaryIO, passphrase: str) -> None:
    if src.read(len(MAGIC)) != MAGIC:
        raise SealError("not an encrypted Concerto backup")
    header = src.read(17)
    if len(header) != 17:
        raise SealError("the file is truncated")
    fernet = _fernet(passphrase, header[:16], header[16])
    expected, last = 0, False
    while not last:
        size = src.read(4)
        if len(size) != 4:
            raise SealError("the file is truncated")
        token = src.read(struct.unpack(">I", size)[0])
        try:
            plain = fernet.decrypt(token)
        except InvalidToken:
            raise SealError("wrong passphrase, or the file is damaged") from None
        index, last = _HEAD.unpack_from(plain)
        if index != expected:
            raise SealError("the file is damaged (chunks out of order)")
        dst.write(plain[_HEAD.size:])
        expected += 1
    if src.read(1):
        raise SealError("the file is damaged (data after the last chunk)")
