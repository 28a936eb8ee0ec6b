#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

// Delivers Unix signals (SIGINT, SIGTERM at logout) to the event loop. A handler may only call
// async-signal-safe functions, so it writes the signal's number to a socket pair and a
// QSocketNotifier does the Qt work, as Qt's documentation describes. After the first signal the
// default handlers come back: a second Ctrl-C ends the process at once, should stopping hang.
// One per process.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(std::initializer_list<int> watched, QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isWatching() const { return m_notifier != nullptr; }

signals:
    void received(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
};
