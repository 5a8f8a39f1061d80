#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace tollgate {

// An expected failure with a human-readable message. Which HTTP status it becomes is decided in
// one place (api/apierror.h), not where the failure happens.
struct Error
{
    QString message;
};

// Result<T>: a value or an Error. Used for every failure that comes from the outside world
// (input, files, the network); exceptions never cross a thread or a signal.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(QString message)
{
    return Error{std::move(message)};
}

} // namespace tollgate
