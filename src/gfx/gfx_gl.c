/* OpenGL 3.3 core implementation of gfx.h. */
#include "gfx.h"

#include <assert.h>
#include <glad/gl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* ---- handle pools ---------------------------------------------------------
 * A handle id is (generation << 12) | (slot + 1). Destroying a resource bumps
 * its slot's generation, so old handles stop matching. */
#define GFX_POOL 4000 /* below 1 << GFX_SLOT_BITS */
#define GFX_SLOT_BITS 12

typedef struct _gfx_mesh_slot {
    uint32_t gen;
    bool used;
    GLuint vao, vbo, ibo;
    uint32_t index_count, index_size;
    uint64_t vertex_bytes, index_bytes;
} _gfx_mesh_slot;

typedef struct _gfx_texture_slot {
    uint32_t gen;
    bool used;
    GLuint tex;
    gfx_format format;
    int mip_count;
    int base_level;   /* finest level of the complete run down to 1x1 */
    uint32_t defined; /* bit per level uploaded */
    int width, height; /* of mip 0 */
} _gfx_texture_slot;

#define _GFX_UNIFORM_CACHE 32

typedef struct _gfx_shader_slot {
    uint32_t gen;
    bool used;
    GLuint program;
    /* Uniform locations by name: a glGetUniformLocation per draw call is a
     * string search in the driver, on the frame path of every instance. */
    struct {
        char name[32];
        GLint loc;
    } uniforms[_GFX_UNIFORM_CACHE];
    uint32_t uniform_count;
} _gfx_shader_slot;

typedef struct _gfx_stream_slot {
    uint32_t gen;
    bool used;
    GLuint vao, vbo;
    uint64_t capacity; /* bytes */
} _gfx_stream_slot;

typedef struct _gfx_target_slot {
    uint32_t gen;
    bool used;
    int width, height, samples;
    GLuint msaa_fbo, msaa_color, msaa_depth;
    GLuint resolve_fbo, resolve_color;
} _gfx_target_slot;

static struct {
    bool ready;
    gfx_info info;
    GLuint empty_vao; /* core profile needs a VAO even for attribute-less draws */
    bool anisotropy;
    _gfx_mesh_slot meshes[GFX_POOL];
    _gfx_texture_slot textures[GFX_POOL];
    _gfx_shader_slot shaders[64];
    _gfx_target_slot targets[8];
    _gfx_stream_slot streams[16];
} _gfx;

static uint32_t _gfx_make_id(uint32_t slot, uint32_t gen) { return (gen << GFX_SLOT_BITS) | (slot + 1); }

/* Every slot type starts with this header, so one lookup and one allocator
 * serve all pools. */
typedef struct _gfx_slot {
    uint32_t gen;
    bool used;
} _gfx_slot;

static void *_gfx_lookup(void *pool, size_t stride, size_t count, uint32_t id)
{
    uint32_t slot = (id & ((1u << GFX_SLOT_BITS) - 1)) - 1;
    if (id == 0 || slot >= count)
        return NULL;
    _gfx_slot *s = (_gfx_slot *)((char *)pool + slot * stride);
    return s->used && s->gen == (id >> GFX_SLOT_BITS) ? s : NULL;
}

static int _gfx_alloc(void *pool, size_t stride, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        _gfx_slot *s = (_gfx_slot *)((char *)pool + i * stride);
        if (!s->used) {
            uint32_t gen = (s->gen + 1) & 0xfffff;
            memset(s, 0, stride);
            s->gen = gen ? gen : 1;
            s->used = true;
            return (int)i;
        }
    }
    return -1;
}

#define _GFX_LOOKUP(pool, id) _gfx_lookup((pool), sizeof((pool)[0]), sizeof(pool) / sizeof((pool)[0]), (id))
#define _GFX_ALLOC(pool, out) ((*(out) = _gfx_alloc((pool), sizeof((pool)[0]), sizeof(pool) / sizeof((pool)[0]))) >= 0)

bool gfx_init(gfx_proc_loader loader, vt_error_msg *err)
{
    assert(loader && "the platform must hand gfx a GL loader");
    memset(&_gfx, 0, sizeof _gfx);
    int version = gladLoadGL((GLADloadfunc)loader);
    if (!version || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33) {
        vt_error_set(err, "OpenGL 3.3 core is not available (got %d.%d)", GLAD_VERSION_MAJOR(version),
                     GLAD_VERSION_MINOR(version));
        return false;
    }
    gfx_info *in = &_gfx.info;
    snprintf(in->renderer, sizeof in->renderer, "%s", (const char *)glGetString(GL_RENDERER));
    snprintf(in->version, sizeof in->version, "%s", (const char *)glGetString(GL_VERSION));
    in->s3tc_srgb = GLAD_GL_EXT_texture_compression_s3tc && GLAD_GL_EXT_texture_sRGB;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &in->max_texture_size);
    glGetIntegerv(GL_MAX_SAMPLES, &in->max_samples);
    /* Anisotropic filtering keeps grazing surfaces sharp, but software
     * rasterisers emulate it at about twice the cost of a whole frame
     * (bench_view: 215 vs 110 ms on the 4K-textured Bali mask, llvmpipe), so
     * it is used only where a GPU does it for nearly nothing. */
    bool software = strstr(in->renderer, "llvmpipe") || strstr(in->renderer, "softpipe") ||
                    strstr(in->renderer, "swrast") || strstr(in->renderer, "SwiftShader");
    in->software = software;
    _gfx.anisotropy = !software && (GLAD_GL_EXT_texture_filter_anisotropic || GLAD_GL_ARB_texture_filter_anisotropic);
    glGenVertexArrays(1, &_gfx.empty_vao);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    _gfx.ready = true;
    vt_info("GL: %s, %s", in->renderer, in->version);
    return true;
}

void gfx_shutdown(void)
{
    if (!_gfx.ready)
        return;
    for (uint32_t i = 0; i < GFX_POOL; i++) {
        if (_gfx.meshes[i].used)
            gfx_destroy_mesh((gfx_mesh){ _gfx_make_id(i, _gfx.meshes[i].gen) });
        if (_gfx.textures[i].used)
            gfx_destroy_texture((gfx_texture){ _gfx_make_id(i, _gfx.textures[i].gen) });
    }
    for (uint32_t i = 0; i < 64; i++)
        if (_gfx.shaders[i].used)
            gfx_destroy_shader((gfx_shader){ _gfx_make_id(i, _gfx.shaders[i].gen) });
    for (uint32_t i = 0; i < 8; i++)
        if (_gfx.targets[i].used)
            gfx_destroy_target((gfx_target){ _gfx_make_id(i, _gfx.targets[i].gen) });
    for (uint32_t i = 0; i < 16; i++)
        if (_gfx.streams[i].used)
            gfx_destroy_stream((gfx_stream){ _gfx_make_id(i, _gfx.streams[i].gen) });
    glDeleteVertexArrays(1, &_gfx.empty_vao);
    _gfx.ready = false;
}

const gfx_info *gfx_get_info(void) { return &_gfx.info; }

/* ---- meshes ---------------------------------------------------------------- */

gfx_mesh gfx_make_mesh(const gfx_mesh_desc *d)
{
    assert(_gfx.ready && d->stride >= 12 && (d->index_size == 2 || d->index_size == 4));
    int slot;
    if (!_GFX_ALLOC(_gfx.meshes, &slot)) {
        vt_warn("gfx: too many meshes (%d)", GFX_POOL);
        return (gfx_mesh){ 0 };
    }
    _gfx_mesh_slot *m = &_gfx.meshes[slot];
    m->index_count = d->index_count;
    m->index_size = d->index_size;
    m->vertex_bytes = (uint64_t)d->vertex_count * d->stride;
    m->index_bytes = (uint64_t)d->index_count * d->index_size;
    glGenVertexArrays(1, &m->vao);
    glBindVertexArray(m->vao);
    glGenBuffers(1, &m->vbo);
    glBindBuffer(GL_ARRAY_BUFFER, m->vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)m->vertex_bytes, d->vertices, GL_STATIC_DRAW);
    GLsizei stride = (GLsizei)d->stride;
    size_t at = 0;
    glEnableVertexAttribArray(GFX_ATTR_POSITION);
    glVertexAttribPointer(GFX_ATTR_POSITION, 3, GL_UNSIGNED_SHORT, GL_TRUE, stride, (const void *)at);
    at += 8;
    glEnableVertexAttribArray(GFX_ATTR_NORMAL);
    glVertexAttribPointer(GFX_ATTR_NORMAL, 2, GL_SHORT, GL_TRUE, stride, (const void *)at);
    at += 4;
    if (d->has_uv) {
        glEnableVertexAttribArray(GFX_ATTR_UV);
        glVertexAttribPointer(GFX_ATTR_UV, 2, GL_UNSIGNED_SHORT, GL_TRUE, stride, (const void *)at);
        at += 4;
    } else {
        glVertexAttrib2f(GFX_ATTR_UV, 0, 0);
    }
    if (d->has_color) {
        glEnableVertexAttribArray(GFX_ATTR_COLOR);
        glVertexAttribPointer(GFX_ATTR_COLOR, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, (const void *)at);
    }
    glGenBuffers(1, &m->ibo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m->ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)m->index_bytes, d->indices, GL_STATIC_DRAW);
    glBindVertexArray(0);
    m->used = true;
    return (gfx_mesh){ _gfx_make_id((uint32_t)slot, m->gen) };
}

void gfx_destroy_mesh(gfx_mesh h)
{
    _gfx_mesh_slot *m = _GFX_LOOKUP(_gfx.meshes, h.id);
    if (!m)
        return;
    GLuint bufs[2] = { m->vbo, m->ibo };
    glDeleteBuffers(2, bufs);
    glDeleteVertexArrays(1, &m->vao);
    m->used = false;
}

void gfx_mesh_upload(gfx_mesh h, bool indices, uint64_t offset, const void *data, uint64_t size)
{
    _gfx_mesh_slot *m = _GFX_LOOKUP(_gfx.meshes, h.id);
    uint64_t total = m ? (indices ? m->index_bytes : m->vertex_bytes) : 0;
    if (!m || offset > total || size > total - offset)
        return;
    GLenum target = indices ? GL_ELEMENT_ARRAY_BUFFER : GL_ARRAY_BUFFER;
    /* The element binding belongs to the VAO: bind it to touch the IBO. */
    glBindVertexArray(m->vao);
    glBindBuffer(target, indices ? m->ibo : m->vbo);
    glBufferSubData(target, (GLintptr)offset, (GLsizeiptr)size, data);
    glBindVertexArray(0);
}

void gfx_draw_mesh(gfx_mesh h, uint32_t first, uint32_t count)
{
    _gfx_mesh_slot *m = _GFX_LOOKUP(_gfx.meshes, h.id);
    if (!m || first >= m->index_count)
        return;
    if (count == 0 || count > m->index_count - first)
        count = m->index_count - first;
    glBindVertexArray(m->vao);
    glVertexAttrib4f(GFX_ATTR_COLOR, 1, 1, 1, 1); /* used when there is no colour array */
    glDrawElements(GL_TRIANGLES, (GLsizei)count, m->index_size == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                   (const void *)((size_t)first * m->index_size));
    glBindVertexArray(0);
}

/* ---- textures -------------------------------------------------------------- */

static GLenum _gfx_internal_format(gfx_format f)
{
    switch (f) {
    case GFX_SRGB8_A8: return GL_SRGB8_ALPHA8;
    case GFX_BC1_SRGB: return GL_COMPRESSED_SRGB_S3TC_DXT1_EXT;
    case GFX_BC3_SRGB: return GL_COMPRESSED_SRGB_ALPHA_S3TC_DXT5_EXT;
    case GFX_BC4: return GL_COMPRESSED_RED_RGTC1;
    case GFX_BC5: return GL_COMPRESSED_RG_RGTC2;
    case GFX_R8: return GL_R8;
    default: return GL_RGBA8;
    }
}

bool gfx_format_supported(gfx_format f)
{
    switch (f) {
    case GFX_BC1_SRGB:
    case GFX_BC3_SRGB: return _gfx.info.s3tc_srgb;
    default: return true; /* RGTC and RGBA8 are core in GL 3.3 */
    }
}

gfx_texture gfx_make_texture(const gfx_texture_desc *d)
{
    assert(_gfx.ready);
    gfx_format fmt = d->format ? d->format : GFX_RGBA8;
    if (d->width <= 0 || d->height <= 0 || d->width > _gfx.info.max_texture_size ||
        d->height > _gfx.info.max_texture_size || !gfx_format_supported(fmt)) {
        vt_warn("gfx: texture %dx%d (format %d) refused", d->width, d->height, (int)fmt);
        return (gfx_texture){ 0 };
    }
    int slot;
    if (!_GFX_ALLOC(_gfx.textures, &slot)) {
        vt_warn("gfx: too many textures (%d)", GFX_POOL);
        return (gfx_texture){ 0 };
    }
    _gfx_texture_slot *t = &_gfx.textures[slot];
    t->format = fmt;
    t->mip_count = d->mip_count > 0 ? d->mip_count : 1;
    t->base_level = t->mip_count; /* nothing defined yet */
    t->width = d->width;
    t->height = d->height;
    glGenTextures(1, &t->tex);
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, t->mip_count - 1);
    if (d->nearest) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    } else {
        /* Mips come from the package, filtered in linear light by the packer. */
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        if (_gfx.anisotropy)
            glTexParameterf(GL_TEXTURE_2D, GL_TEXTURE_MAX_ANISOTROPY_EXT, 8.0f);
    }
    glBindTexture(GL_TEXTURE_2D, 0);
    gfx_texture h = { _gfx_make_id((uint32_t)slot, t->gen) };
    if (d->rgba && (fmt == GFX_RGBA8 || fmt == GFX_SRGB8_A8))
        gfx_texture_upload_mip(h, 0, d->width, d->height, d->rgba, (uint64_t)d->width * (uint64_t)d->height * 4u);
    else if (fmt == GFX_R8) /* defined now (maybe blank) so gfx_texture_update can fill it */
        gfx_texture_upload_mip(h, 0, d->width, d->height, d->rgba, (uint64_t)d->width * (uint64_t)d->height);
    return h;
}

void gfx_texture_upload_mip(gfx_texture h, int mip, int w, int hgt, const void *data, uint64_t size)
{
    _gfx_texture_slot *t = _GFX_LOOKUP(_gfx.textures, h.id);
    if (!t || mip < 0 || mip >= t->mip_count)
        return;
    glBindTexture(GL_TEXTURE_2D, t->tex);
    GLenum internal = _gfx_internal_format(t->format);
    if (t->format == GFX_RGBA8 || t->format == GFX_SRGB8_A8)
        glTexImage2D(GL_TEXTURE_2D, mip, (GLint)internal, w, hgt, 0, GL_RGBA, GL_UNSIGNED_BYTE, data);
    else if (t->format == GFX_R8)
        glTexImage2D(GL_TEXTURE_2D, mip, (GLint)internal, w, hgt, 0, GL_RED, GL_UNSIGNED_BYTE, data);
    else
        glCompressedTexImage2D(GL_TEXTURE_2D, mip, internal, w, hgt, 0, (GLsizei)size, data);
    /* Sample from the finest level whose coarser levels are all present: a
     * damaged middle mip that never arrives must not leave a gap, which would
     * make the texture incomplete (black) rather than blurrier. */
    t->defined |= 1u << mip;
    int base = t->mip_count;
    while (base > 0 && (t->defined & (1u << (base - 1))))
        base--;
    if (base < t->base_level) {
        t->base_level = base;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, base);
    }
    glBindTexture(GL_TEXTURE_2D, 0);
}

void gfx_texture_update(gfx_texture h, int x, int y, int w, int hgt, const void *data, int row_pixels)
{
    _gfx_texture_slot *t = _GFX_LOOKUP(_gfx.textures, h.id);
    if (!t || !(t->defined & 1u) || x < 0 || y < 0 || w <= 0 || hgt <= 0 || x + w > t->width ||
        y + hgt > t->height)
        return;
    GLenum format = t->format == GFX_R8 ? GL_RED : GL_RGBA;
    if (t->format != GFX_R8 && t->format != GFX_RGBA8 && t->format != GFX_SRGB8_A8)
        return;
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, row_pixels > 0 ? row_pixels : 0);
    /* Rows go in memory order, as gfx_texture_upload_mip sends them: image
     * row Y is texture coordinate t = Y / height. */
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, hgt, format, GL_UNSIGNED_BYTE, data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glBindTexture(GL_TEXTURE_2D, 0);
}

void gfx_destroy_texture(gfx_texture h)
{
    _gfx_texture_slot *t = _GFX_LOOKUP(_gfx.textures, h.id);
    if (!t)
        return;
    glDeleteTextures(1, &t->tex);
    t->used = false;
}

bool gfx_texture_ready(gfx_texture h)
{
    _gfx_texture_slot *t = _GFX_LOOKUP(_gfx.textures, h.id);
    return t && t->base_level < t->mip_count;
}

void gfx_bind_texture(int unit, gfx_texture h)
{
    _gfx_texture_slot *t = _GFX_LOOKUP(_gfx.textures, h.id);
    glActiveTexture(GL_TEXTURE0 + (GLenum)unit);
    glBindTexture(GL_TEXTURE_2D, t && t->base_level < t->mip_count ? t->tex : 0);
}

/* ---- shaders --------------------------------------------------------------- */

static GLuint _gfx_compile(GLenum type, const char *src, const char *defines, const char *name, vt_error_msg *err)
{
    GLuint s = glCreateShader(type);
    /* Defines go right after the #version line, which must stay first. */
    const char *nl = defines ? strchr(src, '\n') : NULL;
    if (nl) {
        const char *parts[3] = { src, defines, nl + 1 };
        GLint lens[3] = { (GLint)(nl + 1 - src), (GLint)strlen(defines), -1 };
        glShaderSource(s, 3, parts, lens);
    } else {
        glShaderSource(s, 1, &src, NULL);
    }
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[400];
        glGetShaderInfoLog(s, sizeof log, NULL, log);
        vt_error_set(err, "shader %s (%s) does not compile: %s", name,
                     type == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

gfx_shader gfx_make_shader(const gfx_shader_desc *d, vt_error_msg *err)
{
    assert(_gfx.ready && d->vs && d->fs);
    const char *name = d->name ? d->name : "unnamed";
    GLuint vs = _gfx_compile(GL_VERTEX_SHADER, d->vs, d->defines, name, err);
    GLuint fs = vs ? _gfx_compile(GL_FRAGMENT_SHADER, d->fs, d->defines, name, err) : 0;
    if (!vs || !fs) {
        glDeleteShader(vs);
        return (gfx_shader){ 0 };
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    /* Attribute slots are fixed so any mesh works with any shader. */
    glBindAttribLocation(p, GFX_ATTR_POSITION, "a_position");
    glBindAttribLocation(p, GFX_ATTR_NORMAL, "a_normal");
    glBindAttribLocation(p, GFX_ATTR_UV, "a_uv");
    glBindAttribLocation(p, GFX_ATTR_COLOR, "a_color");
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    int slot = -1;
    if (!ok || !_GFX_ALLOC(_gfx.shaders, &slot)) {
        char log[400] = "too many shaders";
        if (!ok)
            glGetProgramInfoLog(p, sizeof log, NULL, log);
        vt_error_set(err, "shader %s does not link: %s", name, log);
        glDeleteProgram(p);
        return (gfx_shader){ 0 };
    }
    _gfx.shaders[slot].program = p;
    _gfx.shaders[slot].uniform_count = 0; /* a reused slot forgets the old program's locations */
    return (gfx_shader){ _gfx_make_id((uint32_t)slot, _gfx.shaders[slot].gen) };
}

void gfx_destroy_shader(gfx_shader h)
{
    _gfx_shader_slot *s = _GFX_LOOKUP(_gfx.shaders, h.id);
    if (!s)
        return;
    glDeleteProgram(s->program);
    s->used = false;
}

bool gfx_use_shader(gfx_shader h)
{
    _gfx_shader_slot *s = _GFX_LOOKUP(_gfx.shaders, h.id);
    glUseProgram(s ? s->program : 0);
    return s != NULL;
}

static GLint _gfx_loc(gfx_shader h, const char *name)
{
    _gfx_shader_slot *s = _GFX_LOOKUP(_gfx.shaders, h.id);
    if (!s)
        return -1;
    for (uint32_t i = 0; i < s->uniform_count; i++)
        if (strcmp(s->uniforms[i].name, name) == 0)
            return s->uniforms[i].loc;
    GLint loc = glGetUniformLocation(s->program, name);
    if (s->uniform_count < _GFX_UNIFORM_CACHE && strlen(name) < sizeof s->uniforms[0].name) {
        strcpy(s->uniforms[s->uniform_count].name, name);
        s->uniforms[s->uniform_count++].loc = loc;
    }
    return loc;
}

void gfx_set_mat4(gfx_shader s, const char *name, const float *m) { glUniformMatrix4fv(_gfx_loc(s, name), 1, GL_FALSE, m); }
void gfx_set_vec4(gfx_shader s, const char *name, const float *v) { glUniform4fv(_gfx_loc(s, name), 1, v); }
void gfx_set_vec3(gfx_shader s, const char *name, const float *v) { glUniform3fv(_gfx_loc(s, name), 1, v); }
void gfx_set_vec2(gfx_shader s, const char *name, const float *v) { glUniform2fv(_gfx_loc(s, name), 1, v); }
void gfx_set_int(gfx_shader s, const char *name, int v) { glUniform1i(_gfx_loc(s, name), v); }

/* ---- targets --------------------------------------------------------------- */

gfx_target gfx_make_target(const gfx_target_desc *d)
{
    assert(_gfx.ready);
    if (d->width <= 0 || d->height <= 0 || d->width > 16384 || d->height > 16384) {
        vt_warn("gfx: target %dx%d refused", d->width, d->height);
        return (gfx_target){ 0 };
    }
    int slot;
    if (!_GFX_ALLOC(_gfx.targets, &slot))
        return (gfx_target){ 0 };
    _gfx_target_slot *t = &_gfx.targets[slot];
    int samples = d->samples > 0 ? d->samples : 4;
    if (samples > _gfx.info.max_samples)
        samples = _gfx.info.max_samples;
    t->width = d->width;
    t->height = d->height;
    t->samples = samples;

    glGenFramebuffers(1, &t->msaa_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t->msaa_fbo);
    glGenRenderbuffers(1, &t->msaa_color);
    glBindRenderbuffer(GL_RENDERBUFFER, t->msaa_color);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, d->width, d->height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, t->msaa_color);
    glGenRenderbuffers(1, &t->msaa_depth);
    glBindRenderbuffer(GL_RENDERBUFFER, t->msaa_depth);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH_COMPONENT24, d->width, d->height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, t->msaa_depth);
    bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;

    glGenFramebuffers(1, &t->resolve_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t->resolve_fbo);
    glGenRenderbuffers(1, &t->resolve_color);
    glBindRenderbuffer(GL_RENDERBUFFER, t->resolve_color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, d->width, d->height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, t->resolve_color);
    ok = ok && glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    gfx_target h = { _gfx_make_id((uint32_t)slot, t->gen) };
    if (!ok) {
        vt_warn("gfx: framebuffer %dx%d x%d incomplete", d->width, d->height, samples);
        gfx_destroy_target(h);
        return (gfx_target){ 0 };
    }
    return h;
}

void gfx_destroy_target(gfx_target h)
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    if (!t)
        return;
    GLuint fbos[2] = { t->msaa_fbo, t->resolve_fbo };
    GLuint rbs[3] = { t->msaa_color, t->msaa_depth, t->resolve_color };
    glDeleteFramebuffers(2, fbos);
    glDeleteRenderbuffers(3, rbs);
    t->used = false;
}

void gfx_target_size(gfx_target h, int *w, int *h_out)
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    *w = t ? t->width : 0;
    *h_out = t ? t->height : 0;
}

void gfx_begin_target(gfx_target h, const float c[4])
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    if (!t)
        return;
    glBindFramebuffer(GL_FRAMEBUFFER, t->msaa_fbo);
    glViewport(0, 0, t->width, t->height);
    glEnable(GL_MULTISAMPLE);
    glDepthMask(GL_TRUE);
    glClearColor(c[0], c[1], c[2], c[3]);
    glClearDepth(1.0);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void gfx_resolve_target(gfx_target h)
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    if (!t)
        return;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, t->msaa_fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, t->resolve_fbo);
    glBlitFramebuffer(0, 0, t->width, t->height, 0, 0, t->width, t->height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void gfx_present_target(gfx_target h, int ww, int wh)
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    if (!t)
        return;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, t->resolve_fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, t->width, t->height, 0, 0, ww, wh, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

bool gfx_read_target(gfx_target h, uint8_t *rgba)
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    if (!t)
        return false;
    /* Judge the read by its own errors, not a stale flag from earlier work. */
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; i++)
        ;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, t->resolve_fbo);
    glReadPixels(0, 0, t->width, t->height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    bool ok = glGetError() == GL_NO_ERROR;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (!ok)
        return false;
    /* GL's rows start at the bottom; images start at the top. */
    size_t row = (size_t)t->width * 4;
    uint8_t *tmp = malloc(row);
    if (!tmp)
        return false;
    for (int y = 0; y < t->height / 2; y++) {
        uint8_t *a = rgba + (size_t)y * row, *b = rgba + (size_t)(t->height - 1 - y) * row;
        memcpy(tmp, a, row);
        memcpy(a, b, row);
        memcpy(b, tmp, row);
    }
    free(tmp);
    return true;
}

void gfx_set_depth(bool test, bool write)
{
    if (test)
        glEnable(GL_DEPTH_TEST);
    else
        glDisable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDepthMask(write ? GL_TRUE : GL_FALSE);
}

void gfx_set_cull(bool back_faces)
{
    if (back_faces) {
        glEnable(GL_CULL_FACE);
        glCullFace(GL_BACK);
    } else {
        glDisable(GL_CULL_FACE);
    }
}

void gfx_draw_fullscreen(void)
{
    glBindVertexArray(_gfx.empty_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
}

void gfx_finish(void) { glFinish(); }

/* ---- 2D overlays ----------------------------------------------------------- */

void gfx_set_blend(gfx_blend mode)
{
    if (mode == GFX_BLEND_PREMULTIPLIED) {
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else {
        glDisable(GL_BLEND);
    }
}

void gfx_begin_resolved(gfx_target h)
{
    _gfx_target_slot *t = _GFX_LOOKUP(_gfx.targets, h.id);
    if (!t)
        return;
    glBindFramebuffer(GL_FRAMEBUFFER, t->resolve_fbo);
    glViewport(0, 0, t->width, t->height);
}

void gfx_set_scissor(bool on, int x, int y, int w, int h)
{
    if (!on) {
        glDisable(GL_SCISSOR_TEST);
        return;
    }
    /* GL counts rows from the bottom: flip within the viewport (a state
     * query, no wait on the GPU). */
    GLint vp[4];
    glGetIntegerv(GL_VIEWPORT, vp);
    w = w > 0 ? w : 0;
    h = h > 0 ? h : 0;
    glEnable(GL_SCISSOR_TEST);
    glScissor(vp[0] + x, vp[1] + vp[3] - (y + h), w, h);
}

gfx_stream gfx_make_stream(void)
{
    assert(_gfx.ready);
    int slot;
    if (!_GFX_ALLOC(_gfx.streams, &slot)) {
        vt_warn("gfx: too many streams (16)");
        return (gfx_stream){ 0 };
    }
    _gfx_stream_slot *s = &_gfx.streams[slot];
    glGenVertexArrays(1, &s->vao);
    glBindVertexArray(s->vao);
    glGenBuffers(1, &s->vbo);
    glBindBuffer(GL_ARRAY_BUFFER, s->vbo);
    GLsizei stride = (GLsizei)sizeof(gfx_vertex_2d);
    glEnableVertexAttribArray(GFX_ATTR_POSITION);
    glVertexAttribPointer(GFX_ATTR_POSITION, 2, GL_FLOAT, GL_FALSE, stride, (const void *)offsetof(gfx_vertex_2d, x));
    glEnableVertexAttribArray(GFX_ATTR_UV);
    glVertexAttribPointer(GFX_ATTR_UV, 2, GL_FLOAT, GL_FALSE, stride, (const void *)offsetof(gfx_vertex_2d, u));
    glEnableVertexAttribArray(GFX_ATTR_COLOR);
    glVertexAttribPointer(GFX_ATTR_COLOR, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, (const void *)offsetof(gfx_vertex_2d, rgba));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return (gfx_stream){ _gfx_make_id((uint32_t)slot, s->gen) };
}

void gfx_destroy_stream(gfx_stream h)
{
    _gfx_stream_slot *s = _GFX_LOOKUP(_gfx.streams, h.id);
    if (!s)
        return;
    glDeleteBuffers(1, &s->vbo);
    glDeleteVertexArrays(1, &s->vao);
    s->used = false;
}

void gfx_draw_stream(gfx_stream h, const gfx_vertex_2d *v, uint32_t count)
{
    _gfx_stream_slot *s = _GFX_LOOKUP(_gfx.streams, h.id);
    if (!s || count == 0)
        return;
    uint64_t bytes = (uint64_t)count * sizeof *v;
    if (bytes > s->capacity)
        s->capacity = bytes * 2 > (64u << 10) ? bytes * 2 : (64u << 10);
    glBindVertexArray(s->vao);
    glBindBuffer(GL_ARRAY_BUFFER, s->vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)s->capacity, NULL, GL_STREAM_DRAW); /* orphan */
    glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)bytes, v);
    glDrawArrays(GL_TRIANGLES, 0, (GLsizei)(count - count % 3));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}
