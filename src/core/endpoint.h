#pragma once

#include <QString>
#include <QUrl>

// The API base a user pasted, in whatever form, resolved to the endpoints Confab calls.
//
//   https://host, https://host/          -> https://host/v1
//   https://host/v1, https://host/v1/    -> https://host/v1
//   https://host/v1/chat/completions     -> https://host/v1
//   https://host/openai/v1, .../api/v3   -> used as is
class Endpoint
{
public:
    Endpoint() = default;
    static Endpoint fromUserInput(const QString &input);

    bool isValid() const { return m_base.isValid() && !m_base.host().isEmpty(); }
    QUrl baseUrl() const { return m_base; }
    QUrl chatCompletionsUrl() const;
    QUrl modelsUrl() const;
    // Why fromUserInput() gave an invalid endpoint, for the user.
    QString errorString() const { return m_error; }

private:
    QUrl withPath(const QString &suffix) const;

    QUrl m_base;
    QString m_error;
};
