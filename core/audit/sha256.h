#pragma once

#include "audit/decisionrecord.h"

#include <cstddef>

namespace tollgate {

// Incremental SHA-256 over OpenSSL's EVP interface. The algorithm is fetched once per process (a
// fetch per call would cost more than hashing a record). One object per thread; not shareable.
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    void update(const Digest& d) { update(d.data(), d.size()); }
    void updateByte(unsigned char b) { update(&b, 1); }
    Digest final(); // also resets, so the object can hash the next message

private:
    void* m_ctx; // EVP_MD_CTX*, kept out of the header
};

} // namespace tollgate
