#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace tollgate {

// The FIFO between a writer thread and the threads that enqueue records for it (the caller guards
// it with its own lock). Records live in one vector with a moving head: std::deque allocates a
// node for every record of a writer's size (one malloc on the request path, one free on the
// writer), and a writer that takes everything queued swaps the vector out instead of moving the
// records one by one. The two vectors then trade places batch after batch, so a steady state
// allocates nothing.
template <typename T> class BatchQueue
{
public:
    bool empty() const { return m_head == m_items.size(); }
    std::size_t size() const { return m_items.size() - m_head; }
    T& front() { return m_items[m_head]; }
    const T& front() const { return m_items[m_head]; }

    void push_back(T item) { m_items.push_back(std::move(item)); }

    // Drops the oldest record; its resources are released at once.
    void pop_front()
    {
        m_items[m_head] = T();
        ++m_head;
        compact();
    }

    void clear()
    {
        m_items.clear();
        m_head = 0;
    }

    // Moves the oldest min(n, size()) records to the end of out, in order.
    void takeFront(std::size_t n, std::vector<T>& out)
    {
        n = std::min(n, size());
        if (n == 0)
            return;
        if (out.empty() && m_head == 0 && n == m_items.size()) {
            std::swap(out, m_items); // m_items gets out's emptied storage back
            m_items.clear();
            return;
        }
        out.reserve(out.size() + n);
        const auto first = m_items.begin() + std::ptrdiff_t(m_head);
        out.insert(out.end(), std::make_move_iterator(first),
                   std::make_move_iterator(first + std::ptrdiff_t(n)));
        m_head += n;
        compact();
    }

    // Puts records back in front of the queue, in their order (a batch that failed to commit).
    void putBackFront(std::vector<T>& items)
    {
        m_items.insert(m_items.begin() + std::ptrdiff_t(m_head), std::make_move_iterator(items.begin()),
                       std::make_move_iterator(items.end()));
        items.clear();
    }

private:
    // Keeps the consumed prefix from growing without bound while records keep coming.
    void compact()
    {
        if (m_head == m_items.size()) {
            m_items.clear();
            m_head = 0;
        } else if (m_head >= 1024 && m_head * 2 >= m_items.size()) {
            m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_head));
            m_head = 0;
        }
    }

    std::vector<T> m_items;
    std::size_t m_head = 0;
};

} // namespace tollgate
