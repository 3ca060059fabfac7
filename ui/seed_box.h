// A spin box for seeds: any 64-bit value, as A1111 (up to 2^32 - 1) and ComfyUI (up to 2^64 - 1)
// write them into their images, where an int spin box would clamp a recalled seed.
#pragma once

#include <QAbstractSpinBox>

namespace hl::ui {

class SeedBox : public QAbstractSpinBox {
  Q_OBJECT

 public:
  explicit SeedBox(QWidget* parent = nullptr);
  quint64 value() const { return value_; }
  void setValue(quint64 v);
  void stepBy(int steps) override;
  QValidator::State validate(QString& input, int& pos) const override;
  void fixup(QString& input) const override;

 signals:
  void valueChanged(quint64 value);

 protected:
  StepEnabled stepEnabled() const override;

 private:
  void commitText();  // the typed text becomes the value, or the value's text comes back
  quint64 value_ = 0;
};

}  // namespace hl::ui
