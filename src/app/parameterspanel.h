#pragma once

#include "parameters.h"

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

#include <memory>

class QComboBox;

namespace Ui {
class ParametersPanel;
}

// The current conversation's request fields and system prompt, each field in one of three
// states: the provider's default (sent if the provider has one), set here, or not sent. Ranges
// are the widgets'; JSON fields are checked as typed and a fault is named with its place.
// Changes are announced a moment after the typing stops. Beside them, how far back the
// conversation's images are sent.
class ParametersPanel : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Default, Set, Off };

    explicit ParametersPanel(QWidget *parent = nullptr);
    ~ParametersPanel() override;

    void setValues(const QJsonObject &conversation, const QJsonObject &providerDefaults,
        const QString &systemPrompt);
    // The conversation's own fields as the panel has them (a null: not sent).
    QJsonObject values() const;
    QString errorText() const;
    // Announces at once what is waiting for the typing to stop (before a send, a preview).
    void flush();

    // The saved sets the Presets menu offers.
    void setPresets(const QList<ParameterPreset> &presets);
    // Applies a set as the user does from the menu (announced at once).
    void applyPreset(const ParameterPreset &preset);
    QString systemPrompt() const;
    // How many questions back images are sent (Conversation::imageTurns; -1: all). Setting it
    // announces nothing, as setValues() does not.
    void setImageTurns(int turns);
    int imageTurns() const;

    // For tests: a field's state and editor.
    void setMode(const QString &key, Mode mode);
    QWidget *editor(const QString &key) const;

signals:
    void parametersChanged(const QJsonObject &parameters);
    void systemPromptChanged(const QString &prompt);
    void imageTurnsChanged(int turns);
    void previewRequested();
    // From the Presets menu: keep the panel's values under a name; make them the provider's.
    void presetSaved(const ParameterPreset &preset);
    void providerDefaultsRequested(const QJsonObject &parameters);

private:
    struct Row
    {
        const Parameters::Field *field;
        QComboBox *mode;
        QWidget *editor;
    };
    QJsonValue editorValue(const Row &row, QString *error) const;
    void setEditorValue(const Row &row, const QJsonValue &value);
    void updateRow(const Row &row);
    void edited();

    std::unique_ptr<Ui::ParametersPanel> ui;
    QList<Row> m_rows;
    QJsonObject m_defaults;
    bool m_loading = false;
    QTimer m_announce;
    QTimer m_announcePrompt;
    QList<ParameterPreset> m_presets;
};
