package dev.commitstats.model;

/** How a file changed in a commit (a file-type change such as file to symlink is a MODIFY). */
public enum ChangeType {
  ADD,
  MODIFY,
  DELETE,
  RENAME,
  COPY
}
