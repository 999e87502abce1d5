#version 330 core
// A full-screen triangle made from gl_VertexID: no vertex data needed.
out vec2 v_pos;
void main()
{
    vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2) * 2.0 - 1.0;
    v_pos = p;
    gl_Position = vec4(p, 1.0, 1.0);
}
