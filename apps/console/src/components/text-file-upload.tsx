import { FileUpload } from '@patternfly/react-core';
import { type ReactNode, useState } from 'react';

/**
 * A text area that also takes a dropped or browsed file (its text replaces what is there), as the apply and the
 * pre-authorisation import forms ask for; the file's name is only shown.
 */
export function TextFileUpload({
  id,
  text,
  setText,
  placeholder,
}: {
  id: string;
  text: string;
  setText: (text: string) => void;
  placeholder: string;
}): ReactNode {
  const [filename, setFilename] = useState('');
  return (
    <FileUpload
      id={id}
      type="text"
      value={text}
      filename={filename}
      filenamePlaceholder="Drag a file here or browse"
      browseButtonText="Upload"
      onFileInputChange={(_e, file) => setFilename(file.name)}
      onDataChange={(_e, data) => setText(data)}
      onTextChange={(_e, value) => setText(value)}
      onClearClick={() => {
        setText('');
        setFilename('');
      }}
      allowEditingUploadedText
      textAreaPlaceholder={placeholder}
    />
  );
}
