#include "audit/merkletree.h"

#include "audit/sha256.h"

namespace tollgate::merkle {

Digest leafHash(const Digest& entryHash)
{
    thread_local Sha256 h;
    h.updateByte(0x00);
    h.update(entryHash);
    return h.final();
}

Digest nodeHash(const Digest& left, const Digest& right)
{
    thread_local Sha256 h;
    h.updateByte(0x01);
    h.update(left);
    h.update(right);
    return h.final();
}

Digest root(std::vector<Digest> level)
{
    if (level.empty())
        return Digest{};
    while (level.size() > 1) {
        std::size_t out = 0;
        for (std::size_t i = 0; i < level.size(); i += 2) {
            if (i + 1 < level.size())
                level[out++] = nodeHash(level[i], level[i + 1]);
            else
                level[out++] = level[i];
        }
        level.resize(out);
    }
    return level.front();
}

std::vector<Digest> auditPath(const std::vector<Digest>& leaves, std::size_t index)
{
    std::vector<Digest> path;
    if (index >= leaves.size())
        return path;
    std::vector<Digest> level = leaves;
    while (level.size() > 1) {
        const std::size_t sibling = index ^ 1u;
        if (sibling < level.size())
            path.push_back(level[sibling]);
        std::size_t out = 0;
        for (std::size_t i = 0; i < level.size(); i += 2) {
            if (i + 1 < level.size())
                level[out++] = nodeHash(level[i], level[i + 1]);
            else
                level[out++] = level[i];
        }
        level.resize(out);
        index /= 2;
    }
    return path;
}

bool verifyPath(const Digest& leaf, std::uint64_t index, std::uint64_t size, const std::vector<Digest>& path,
                const Digest& root)
{
    if (size == 0 || index >= size)
        return false;
    std::uint64_t fn = index;
    std::uint64_t sn = size - 1;
    Digest r = leaf;
    for (const Digest& p : path) {
        if (sn == 0)
            return false;
        if ((fn & 1u) != 0 || fn == sn) {
            r = nodeHash(p, r);
            if ((fn & 1u) == 0) {
                while ((fn & 1u) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = nodeHash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

} // namespace tollgate::merkle
