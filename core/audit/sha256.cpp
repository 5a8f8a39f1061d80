#include "audit/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace tollgate {

namespace {

const EVP_MD* sha256Algorithm()
{
    // Fetched once; OpenSSL keeps it alive for the process. A null here means a broken OpenSSL
    // installation, which no ledger can work around.
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr)
        std::abort();
    return md;
}

} // namespace

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
    if (m_ctx == nullptr ||
        EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(m_ctx), sha256Algorithm(), nullptr) != 1)
        std::abort();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx));
}

void Sha256::update(const void* data, std::size_t size)
{
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data, size);
}

Digest Sha256::final()
{
    Digest out{};
    unsigned int len = 0;
    auto* ctx = static_cast<EVP_MD_CTX*>(m_ctx);
    EVP_DigestFinal_ex(ctx, out.data(), &len);
    EVP_DigestInit_ex2(ctx, nullptr, nullptr);
    return out;
}

} // namespace tollgate
