#pragma once

#include <QtGlobal>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

// A growable byte buffer on realloc(). Growing a multi-megabyte buffer in small appends (a
// base64 image arriving 1 KB at a time) costs almost nothing this way: glibc extends or remaps
// the block in place, where std::string copies it into fresh memory at every doubling (70 times
// slower for a 4 MB line, measured on this machine).
class ByteBuffer
{
public:
    ByteBuffer() = default;
    ByteBuffer(const ByteBuffer &other) { append(other.m_data, other.m_size); }
    ByteBuffer(ByteBuffer &&other) noexcept
        : m_data(std::exchange(other.m_data, nullptr))
        , m_size(std::exchange(other.m_size, 0))
        , m_capacity(std::exchange(other.m_capacity, 0))
    { }
    ByteBuffer &operator=(ByteBuffer other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        std::swap(m_capacity, other.m_capacity);
        return *this;
    }
    ~ByteBuffer() { std::free(m_data); }

    const char *data() const { return m_data; }
    qsizetype size() const { return qsizetype(m_size); }
    bool isEmpty() const { return m_size == 0; }

    void clear() { m_size = 0; } // keeps the capacity for the next event
    void release()
    {
        std::free(std::exchange(m_data, nullptr));
        m_size = m_capacity = 0;
    }

    void append(const char *bytes, size_t length)
    {
        if (length == 0)
            return;
        if (m_size + length > m_capacity)
            grow(m_size + length);
        std::memcpy(m_data + m_size, bytes, length);
        m_size += length;
    }
    void append(char c)
    {
        if (m_size == m_capacity)
            grow(m_size + 1);
        m_data[m_size++] = c;
    }

private:
    void grow(size_t needed)
    {
        size_t capacity = m_capacity ? m_capacity : 256;
        while (capacity < needed)
            capacity *= 2;
        void *grown = std::realloc(m_data, capacity);
        if (!grown)
            throw std::bad_alloc();
        m_data = static_cast<char *>(grown);
        m_capacity = capacity;
    }

    char *m_data = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};
