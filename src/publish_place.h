/*
 * Where OUTPUT may be: the refusals of include/publish.h that depend on
 * its place (the root, the home or working folder, in or around the
 * content or templates folder), apart from the publish stage's files.
 */
#ifndef RAPOR_PUBLISH_PLACE_H
#define RAPOR_PUBLISH_PLACE_H

struct diags;

/*
 * 0 when out may be written as OUTPUT for a build of content with
 * templates (either may be NULL); -1 with a DIAG_USAGE error (or a
 * system error when out's place cannot be resolved) that says what to do.
 */
int check_place(const char *out, const char *content, const char *templates,
    struct diags *d);

#endif
