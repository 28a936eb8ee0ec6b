#pragma once

#include "message.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

// A conversation: its settings and its tree of messages. The active path is the chain of
// messages shown: from the active first message, each message's active child in turn.
struct Conversation
{
    qint64 id = 0;
    QString title;
    QDateTime created;
    QDateTime updated;
    bool pinned = false;
    QString providerId;
    QString model;
    QJsonObject parameters; // overrides of request fields, in request JSON shape
    QString systemPrompt;
    // Only the images of the last imageTurns questions that carry images are sent
    // (HistoryBuilder::setImageTurnLimit()); -1: every image.
    int imageTurns = -1;
    QString draftText;
    QList<ImageRef> draftImages;

    QList<Message> messages; // every message of every branch
    // The sibling shown at each fork: parent id (0 for the first messages) -> child id.
    QHash<qint64, qint64> activeChild;
    // Set when only the end of the active path was loaded (ConversationStore::loadTail()): the
    // parent of the oldest message held, which is not held. The active path starts below it.
    // 0 for a whole conversation.
    qint64 unloadedParentId = 0;

    bool isPartial() const { return unloadedParentId != 0; }

    const Message *message(qint64 id) const;
    QList<qint64> childrenOf(qint64 parentId) const;
    // The messages shown, first to last. Where no choice was recorded, the newest child.
    QList<const Message *> activePath() const;
};
