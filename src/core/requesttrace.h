#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// One request and its raw response, for a details view and for bug reports. The API key is
// redacted from every part of it when recorded.
struct RequestTrace
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    QByteArray method;
    QString url;
    Headers requestHeaders;
    QByteArray requestBody;
    int status = 0;
    Headers responseHeaders;
    QByteArray responseBody;

    bool isEmpty() const { return method.isEmpty(); }
    QJsonObject toJson() const;
    // The request as a curl command line (key redacted), for "copy as curl".
    QString toCurl() const;

    static QByteArray redact(QByteArray text, const QString &secret);
    static constexpr char Redacted[] = "***";
};
