#pragma once

#include "audit/decisionrecord.h"

#include <cstdint>
#include <vector>

namespace tollgate {

// The Merkle tree that seals a batch of ledger entries, shaped as in RFC 6962 / RFC 9162 (leaf and
// node hashes domain-separated by a 0x00 / 0x01 prefix; an unpaired last node is carried up a
// level unchanged). A checkpoint signs the root of the tree over its records' entry hashes.
namespace merkle {

Digest leafHash(const Digest& entryHash);                 // SHA-256(0x00 || entry_hash)
Digest nodeHash(const Digest& left, const Digest& right); // SHA-256(0x01 || left || right)

// Root over leaf hashes (already passed through leafHash). An empty tree has the all-zero root.
Digest root(std::vector<Digest> leaves);

// The audit path for leaves[index], bottom-up. index must be < leaves.size().
std::vector<Digest> auditPath(const std::vector<Digest>& leaves, std::size_t index);

// RFC 9162 section 2.1.3.2: does leaf sit at index in a tree of size leaves with this root?
bool verifyPath(const Digest& leaf, std::uint64_t index, std::uint64_t size, const std::vector<Digest>& path,
                const Digest& root);

} // namespace merkle
} // namespace tollgate
