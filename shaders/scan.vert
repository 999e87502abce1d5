#version 330 core
// Scan vertex shader: unpacks the .vitrine vertex (see
// src/package/vitrine_format.h): 16-bit positions within the mesh bounds,
// octahedral normals, 16-bit UVs, sRGB colour bytes. Attribute slots match
// GFX_ATTR_* in src/gfx/gfx.h.
layout(location = 0) in vec3 a_position; // 0..1 within the bounds
layout(location = 1) in vec2 a_normal;   // octahedral, -1..1
layout(location = 2) in vec2 a_uv;       // 0..1 within the UV range
layout(location = 3) in vec4 a_color;    // sRGB, or white when absent

uniform mat4 u_view_proj;
// Where an exhibition places the scan: rotation, uniform scale, translation
// (identity when inspecting one scan).
uniform mat4 u_model;
uniform vec3 u_pos_offset, u_pos_scale;
uniform vec2 u_uv_offset, u_uv_scale;

out vec3 v_world;
out vec3 v_normal;
out vec2 v_uv;
out vec4 v_color; // linear

vec3 oct_decode(vec2 e)
{
    vec3 n = vec3(e, 1.0 - abs(e.x) - abs(e.y));
    if (n.z < 0.0)
        n.xy = (1.0 - abs(n.yx)) * vec2(n.x >= 0.0 ? 1.0 : -1.0, n.y >= 0.0 ? 1.0 : -1.0);
    return normalize(n);
}

// Vertex colours are stored as sRGB bytes; decoding here, once a vertex,
// costs far less than once a pixel and interpolates in linear light.
vec3 srgb_to_linear(vec3 c)
{
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void main()
{
    v_world = (u_model * vec4(u_pos_offset + a_position * u_pos_scale, 1.0)).xyz;
    // Uniform scale: the upper 3x3 turns normals right once renormalised.
    v_normal = normalize(mat3(u_model) * oct_decode(a_normal));
    v_uv = u_uv_offset + a_uv * u_uv_scale;
    v_color = vec4(srgb_to_linear(a_color.rgb), a_color.a);
    gl_Position = u_view_proj * vec4(v_world, 1.0);
}
